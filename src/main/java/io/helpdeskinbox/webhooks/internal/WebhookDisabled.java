package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.outbox.ClientEvent;
import io.helpdeskinbox.outbox.EventType;
import java.time.Instant;

/** A webhook's receiver failed for too long, so it was disabled: told to clients as {@code webhook.disabled}. */
record WebhookDisabled(Webhook webhook) implements ClientEvent {

    /** The webhook as the event shows it. Its URL stays out: every caller may read the stream, and a URL may carry a secret. */
    record Webhook(long id, String status, Instant failingSince, Instant disabledAt) {
    }

    static WebhookDisabled of(WebhookResponse webhook) {
        return new WebhookDisabled(
                new Webhook(webhook.id(), webhook.status(), webhook.failingSince(), webhook.disabledAt()));
    }

    @Override
    public EventType type() {
        return EventType.WEBHOOK_DISABLED;
    }

    @Override
    public String field() {
        return "webhook";
    }

    @Override
    public Object value() {
        return webhook;
    }
}
