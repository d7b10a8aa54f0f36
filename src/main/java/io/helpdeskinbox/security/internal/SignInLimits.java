package io.helpdeskinbox.security.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.helpdeskinbox.security.SignInAttempts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@link SignInAttempts} in the shared table of {@link RateLimits}: one bucket per account, read and
 * written through on every sign-in (they are rare), so every instance counts the same failures. When
 * the table cannot be reached, sign-ins go on unlimited, as every limit here does.
 */
@Component
class SignInLimits implements SignInAttempts {

    private static final Logger log = LoggerFactory.getLogger(SignInLimits.class);
    static final String POLICY = "failed-sign-in";

    private final RateLimits limits;
    private final BucketConfiguration limit;
    private final String keyPrefix;
    private final String policy;

    SignInLimits(RateLimits limits, RateLimitProperties properties) {
        this.limits = limits;
        RateLimitProperties.FailedSignIn signIn = properties.failedSignIn();
        this.limit = BucketConfiguration.builder().addLimit(Bandwidth.builder()
                .capacity(signIn.attempts()).refillGreedy(signIn.attempts(), signIn.period()).build()).build();
        // the limit is in the key, as for every bucket: a changed limit starts afresh
        this.keyPrefix = POLICY + ":" + signIn.attempts() + "/" + signIn.period() + ":";
        this.policy = "\"%s\";q=%d;w=%d".formatted(POLICY, signIn.attempts(), Math.max(1, signIn.period().toSeconds()));
    }

    @Override
    public void check(String email) {
        if (limits.tableResting()) {
            return;
        }
        EstimationProbe probe;
        try {
            probe = attempts(email).estimateAbilityToConsume(1);
        } catch (RuntimeException unreachable) {
            limits.restTable();
            log.warn("The rate-limit buckets could not be reached; a sign-in goes on unlimited: {}", unreachable.toString());
            return;
        }
        if (!probe.canBeConsumed()) {
            long seconds = RateLimits.seconds(probe.getNanosToWaitForRefill());
            throw new RateLimitFilters.TooManyRequestsException(new RateLimits.Verdict(policy,
                    "\"%s\";r=0;t=%d".formatted(POLICY, seconds), seconds,
                    "Too many failed sign-ins for this account lately. Retry after the time in Retry-After."));
        }
    }

    @Override
    public void failed(String email) {
        if (limits.tableResting()) {
            return;
        }
        try {
            attempts(email).tryConsume(1);
        } catch (RuntimeException unreachable) {
            limits.restTable();
            log.warn("The rate-limit buckets could not be reached; a failed sign-in was not counted: {}", unreachable.toString());
        }
    }

    /** An account's bucket, keyed by a hash of its email: no address is kept in the table, and any length fits. */
    private BucketProxy attempts(String email) {
        return limits.bucket(keyPrefix + HexFormat.of().formatHex(sha256(email.strip().toLowerCase(Locale.ROOT))), limit);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
