package io.helpdeskinbox.security.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits, one per caller and per address over all instances ({@code INBOX_RATE_LIMITS_*}; the buckets
 * are kept in PostgreSQL, see {@code RateLimits}).
 *
 * @param perCaller each token or API key (the ADMIN token too): a bucket of {@code burst} requests
 *     refilled at {@code requestsPerSecond}
 * @param failedAuthentication each client address: {@code attempts} refused tokens per {@code period};
 *     past that, every request from the address that carries credentials gets 429 until the bucket refills
 *     (a password sign-in carries credentials)
 * @param failedSignIn each account: past its failed sign-ins, its sign-ins get 429 until the bucket refills
 */
@ConfigurationProperties("inbox.rate-limits")
public record RateLimitProperties(@DefaultValue PerCaller perCaller,
        @DefaultValue FailedAuthentication failedAuthentication, @DefaultValue FailedSignIn failedSignIn) {

    public record PerCaller(@DefaultValue("50") long requestsPerSecond, @DefaultValue("100") long burst) {
    }

    public record FailedAuthentication(@DefaultValue("10") long attempts, @DefaultValue("PT1M") Duration period) {
    }

    /** Each account (email): {@code attempts} failed sign-ins per {@code period}, from wherever they come. */
    public record FailedSignIn(@DefaultValue("5") long attempts, @DefaultValue("PT15M") Duration period) {
    }
}
