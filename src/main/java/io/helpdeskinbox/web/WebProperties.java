package io.helpdeskinbox.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP plumbing's settings ({@code INBOX_UNAVAILABLE_RETRY_AFTER}, {@code INBOX_LIMITS_*}). Each
 * default is said here, once.
 *
 * @param unavailableRetryAfter the {@code Retry-After} of a 503 when the database cannot serve
 * @param limits what a request may carry
 */
@ConfigurationProperties("inbox")
record WebProperties(@DefaultValue("PT2S") Duration unavailableRetryAfter, @DefaultValue Limits limits) {

    /** @param maxRequestBody a larger body is refused with 413, however it is sent */
    record Limits(@DefaultValue("1MB") DataSize maxRequestBody) {
    }
}
