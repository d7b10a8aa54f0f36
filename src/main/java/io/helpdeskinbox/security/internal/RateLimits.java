package io.helpdeskinbox.security.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ExecutionStrategy;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) per caller and, for refused credentials, per client address, kept in
 * PostgreSQL ({@code rate_limit_bucket}, Bucket4j's PostgreSQL backend): every instance draws from
 * the same buckets, so N instances enforce one limit, not N.
 *
 * <p>Not a database round trip per request: a caller's bucket is synchronized with the table after
 * a tenth of its burst, or 100 ms, whichever comes first (Bucket4j's delaying optimization); in
 * between each instance serves it from its own copy. Two instances may so let through up to a
 * tenth of the burst each beyond the limit before they hear of each other, never N times the
 * limit. A refused credential is written through at once (they are few), and what the table
 * answered tells this instance to stop the address ahead of authentication, until its bucket
 * refills. A bucket's row is keyed by what it limits and by the limit itself, so a changed limit
 * starts afresh instead of inheriting a bucket of another size.
 *
 * <p>When the table cannot be reached the request is let through: the limit protects the database,
 * and a request that needs it will meet the same outage and get 503 for it. A request waits for
 * the table at most {@value #WAIT_FOR_TABLE_MILLIS} ms (the statements run on a thread of their
 * own), and for a few seconds after a failure the table is not tried at all: an outage adds no
 * more than that to the requests' own wait for a connection.
 *
 * <p>Headers follow the IETF draft "RateLimit header fields for HTTP": {@code RateLimit-Policy}
 * names the quota ({@code q} requests per window of {@code w} seconds) and {@code RateLimit} what is
 * left of it ({@code r}) and when it is whole again ({@code t} seconds).
 */
@Component
class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    static final String CALLER_POLICY = "caller";
    static final String FAILED_AUTHENTICATION_POLICY = "failed-authentication";
    private static final Duration MAX_UNSYNCHRONIZED = Duration.ofMillis(100);
    private static final Duration RETRY_UNREACHABLE = Duration.ofSeconds(5);
    static final long WAIT_FOR_TABLE_MILLIS = 500;

    private final RateLimitProperties properties;
    private final Clock clock;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> table;
    /** Each caller's bucket as this instance serves it between synchronizations; idle ones are dropped (Caffeine). */
    private final Cache<String, BucketProxy> callers = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000).build();
    /** Addresses the table said are out of attempts, until when: checked before authentication, without a round trip. */
    private final Cache<String, Instant> stoppedAddresses = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build();
    private final BucketConfiguration callerLimit;
    private final BucketConfiguration failedAuthenticationLimit;
    private final String callerKey;
    private final String failedAuthenticationKey;
    private final String callerPolicy;
    private final String failedAuthenticationPolicy;
    /** Until when the table is not tried, after it could not be reached (nanoTime). */
    private volatile long unreachableUntil = System.nanoTime();

    RateLimits(RateLimitProperties properties, DataSource dataSource, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.table = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                // a row lives until its bucket would be full again (and a minute more): then it is pruned, and
                // a bucket made anew starts full, which is where it would be by then anyway
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .executionStrategy(ExecutionStrategy.backgroundTimeBounded(synchronizations(),
                        Duration.ofMillis(WAIT_FOR_TABLE_MILLIS)))
                .build();
        RateLimitProperties.PerCaller caller = properties.perCaller();
        this.callerLimit = BucketConfiguration.builder().addLimit(Bandwidth.builder().capacity(caller.burst())
                .refillGreedy(caller.requestsPerSecond(), Duration.ofSeconds(1)).build()).build();
        RateLimitProperties.FailedAuthentication failed = properties.failedAuthentication();
        this.failedAuthenticationLimit = BucketConfiguration.builder().addLimit(Bandwidth.builder()
                .capacity(failed.attempts()).refillGreedy(failed.attempts(), failed.period()).build()).build();
        this.callerKey = CALLER_POLICY + ":" + caller.burst() + "/" + caller.requestsPerSecond() + "s:";
        this.failedAuthenticationKey = FAILED_AUTHENTICATION_POLICY + ":" + failed.attempts() + "/" + failed.period() + ":";
        this.callerPolicy = "\"%s\";q=%d;w=%d".formatted(CALLER_POLICY, caller.burst(),
                Math.max(1, ceilDiv(caller.burst(), caller.requestsPerSecond())));
        this.failedAuthenticationPolicy = "\"%s\";q=%d;w=%d".formatted(FAILED_AUTHENTICATION_POLICY, failed.attempts(),
                Math.max(1, failed.period().toSeconds()));
    }

    /**
     * What a limit answered: the values of the {@code RateLimit-Policy} and {@code RateLimit} headers
     * and, when it refuses, how long to wait and why.
     */
    record Verdict(String policy, String remaining, long retryAfterSeconds, String refusal) {

        boolean refused() {
            return refusal != null;
        }
    }

    /** Takes one request from the caller's bucket; null when the buckets cannot be reached now (let through). */
    Verdict takeForCaller(String caller) {
        RateLimitProperties.PerCaller limit = properties.perCaller();
        if (tableResting()) {
            return null;
        }
        ConsumptionProbe probe;
        try {
            probe = callers.get(caller, key -> table.builder()
                    .withOptimization(Optimizations.delaying(new DelayParameters(
                            Math.max(1, limit.burst() / 10), MAX_UNSYNCHRONIZED)))
                    .build(callerKey + key, () -> callerLimit)).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException unreachable) {
            callers.invalidate(caller); // its copy may be behind the table; the next request starts from the table
            restTable();
            log.warn("The rate-limit buckets could not be reached; letting the request through: {}", unreachable.toString());
            return null;
        }
        long untilWhole = ceilDiv(limit.burst() - probe.getRemainingTokens(), limit.requestsPerSecond());
        String remaining = "\"%s\";r=%d;t=%d".formatted(CALLER_POLICY, probe.getRemainingTokens(), untilWhole);
        if (probe.isConsumed()) {
            return new Verdict(callerPolicy, remaining, 0, null);
        }
        return new Verdict(callerPolicy, remaining, seconds(probe.getNanosToWaitForRefill()),
                "This caller has sent more than " + limit.requestsPerSecond() + " requests a second (bursts up to "
                        + limit.burst() + "). Retry after the time in Retry-After.");
    }

    /** A refusal for an address whose credentials were refused too often lately; null when it may go on. */
    Verdict checkAddress(String address) {
        Instant stoppedUntil = stoppedAddresses.getIfPresent(address);
        long waitNanos = stoppedUntil == null ? 0 : Duration.between(clock.instant(), stoppedUntil).toNanos();
        if (waitNanos <= 0) {
            return null;
        }
        return new Verdict(failedAuthenticationPolicy,
                "\"%s\";r=0;t=%d".formatted(FAILED_AUTHENTICATION_POLICY, seconds(waitNanos)), seconds(waitNanos),
                "Too many requests from this address carried credentials that were refused. Retry after the "
                        + "time in Retry-After, with a valid token.");
    }

    /**
     * Counts a refused credential against the address, in the table at once; when that was its last
     * attempt (on whichever instance the others were), this instance stops the address until the
     * bucket has refilled enough for one more.
     */
    void failedAuthentication(String address) {
        if (tableResting()) {
            return;
        }
        try {
            BucketProxy attempts = table.builder().build(failedAuthenticationKey + address, () -> failedAuthenticationLimit);
            ConsumptionProbe probe = attempts.tryConsumeAndReturnRemaining(1);
            if (probe.getRemainingTokens() == 0) {
                // the last attempt taken now: how long until the next one, from the table
                long nanos = probe.isConsumed() ? attempts.estimateAbilityToConsume(1).getNanosToWaitForRefill()
                        : probe.getNanosToWaitForRefill();
                stoppedAddresses.put(address, clock.instant().plusNanos(nanos));
            }
        } catch (RuntimeException unreachable) {
            restTable();
            log.warn("The rate-limit buckets could not be reached; a refused credential was not counted: {}",
                    unreachable.toString());
        }
    }

    /** A bucket in the shared table, synchronized on every call (for the rare ones: failed sign-ins). */
    BucketProxy bucket(String key, BucketConfiguration limit) {
        return table.builder().build(key, () -> limit);
    }

    /** Whether the table is left alone for now, after it could not be reached. */
    boolean tableResting() {
        return System.nanoTime() - unreachableUntil < 0;
    }

    /** Leaves the table alone for {@link #RETRY_UNREACHABLE}: an outage costs one wait, not one per request. */
    void restTable() {
        unreachableUntil = System.nanoTime() + RETRY_UNREACHABLE.toNanos();
    }

    /** Where the statements on the table run, so that a request can stop waiting for them. */
    private static Executor synchronizations() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("rate-limit-sync-");
        executor.setVirtualThreads(Runtime.version().feature() >= 21); // cheap waits where threads are virtual
        executor.setDaemon(true);
        return executor;
    }

    /** Deletes the rows of buckets that have been full for a while, a batch at a time; how many. */
    int pruneIdleBuckets(int batch) {
        return table.removeExpired(batch);
    }

    static long seconds(long nanos) {
        return Math.max(1, ceilDiv(nanos, 1_000_000_000L));
    }

    /** Math.ceilDiv, which Java 17 does not have yet. */
    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
