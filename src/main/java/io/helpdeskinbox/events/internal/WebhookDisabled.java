package io.helpdeskinbox.events.internal;

import java.time.Instant;

/**
 * A webhook's receiver failed for too long, so it was disabled: published as {@code webhook.disabled}.
 * Its URL stays out of the event: every caller may read the stream, and a URL may carry a secret.
 */
record WebhookDisabled(long id, String status, Instant failingSince, Instant disabledAt) {

    static WebhookDisabled of(WebhookResponse webhook) {
        return new WebhookDisabled(webhook.id(), webhook.status(), webhook.failingSince(), webhook.disabledAt());
    }
}
