package io.helpdeskinbox.webhooks.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook deliveries ({@code INBOX_WEBHOOKS_*}). Each default is said here, once.
 *
 * @param timeout how long a receiver has to answer one delivery
 * @param initialBackoff the wait before the first retry; each next one waits twice as long
 * @param maxBackoff the longest wait between two attempts
 * @param maxAttempts attempts before a delivery is given up
 * @param workers deliveries an instance makes at once
 * @param pollInterval how often each instance claims the deliveries that are due
 * @param leaseMargin a claimed delivery is leased to its instance for the timeout and this: one that
 *     dies mid-delivery leaves it to another instance once the lease ends
 * @param disableAfter a receiver failing for longer than this is disabled ({@code webhook.disabled})
 * @param allowPrivateNetworks whether a webhook may point at loopback, private or link-local addresses
 *     (off: a webhook must not become a way into the service's own network)
 */
@ConfigurationProperties("inbox.webhooks")
record WebhookProperties(@DefaultValue("PT5S") Duration timeout, @DefaultValue("PT5S") Duration initialBackoff,
        @DefaultValue("PT1H") Duration maxBackoff, @DefaultValue("10") int maxAttempts, @DefaultValue("8") int workers,
        @DefaultValue("PT0.5S") Duration pollInterval, @DefaultValue("PT30S") Duration leaseMargin,
        @DefaultValue("P3D") Duration disableAfter, @DefaultValue("false") boolean allowPrivateNetworks) {
}
