package io.helpdeskinbox.security.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) per caller and, for refused credentials, per client address. In memory
 * in each instance: behind a load balancer with N instances a caller may reach N times the limit,
 * which still bounds what one caller can take from the database. Idle buckets are dropped (Caffeine).
 *
 * <p>Headers follow the IETF draft "RateLimit header fields for HTTP": {@code RateLimit-Policy}
 * names the quota ({@code q} requests per window of {@code w} seconds) and {@code RateLimit} what is
 * left of it ({@code r}) and when it is whole again ({@code t} seconds).
 */
@Component
class RateLimits {

    static final String CALLER_POLICY = "caller";
    static final String FAILED_AUTHENTICATION_POLICY = "failed-authentication";

    private final RateLimitProperties properties;
    private final Cache<String, Bucket> callers = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000).build();
    private final Cache<String, Bucket> addresses = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(30))
            .maximumSize(100_000).build();
    private final String callerPolicy;
    private final String failedAuthenticationPolicy;

    RateLimits(RateLimitProperties properties) {
        this.properties = properties;
        RateLimitProperties.PerCaller caller = properties.perCaller();
        this.callerPolicy = "\"%s\";q=%d;w=%d".formatted(CALLER_POLICY, caller.burst(),
                Math.max(1, ceilDiv(caller.burst(), caller.requestsPerSecond())));
        RateLimitProperties.FailedAuthentication failed = properties.failedAuthentication();
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

    /** Takes one request from the caller's bucket. */
    Verdict takeForCaller(String caller) {
        RateLimitProperties.PerCaller limit = properties.perCaller();
        Bucket bucket = callers.get(caller, key -> Bucket.builder().addLimit(Bandwidth.builder().capacity(limit.burst())
                .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)).build()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
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
        Bucket bucket = addresses.getIfPresent(address);
        long waitNanos = bucket == null ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        if (waitNanos <= 0) {
            return null;
        }
        return new Verdict(failedAuthenticationPolicy,
                "\"%s\";r=0;t=%d".formatted(FAILED_AUTHENTICATION_POLICY, seconds(waitNanos)), seconds(waitNanos),
                "Too many requests from this address carried credentials that were refused. Retry after the "
                        + "time in Retry-After, with a valid token.");
    }

    void failedAuthentication(String address) {
        RateLimitProperties.FailedAuthentication limit = properties.failedAuthentication();
        addresses.get(address, key -> Bucket.builder().addLimit(Bandwidth.builder().capacity(limit.attempts())
                .refillGreedy(limit.attempts(), limit.period()).build()).build()).tryConsume(1);
    }

    private static long seconds(long nanos) {
        return Math.max(1, ceilDiv(nanos, 1_000_000_000L));
    }

    /** Math.ceilDiv, which Java 17 does not have yet. */
    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
