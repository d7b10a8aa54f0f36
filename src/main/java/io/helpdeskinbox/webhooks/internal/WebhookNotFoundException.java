package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** No active webhook with this id (404). */
public class WebhookNotFoundException extends Refusal {

    public WebhookNotFoundException(long webhookId) {
        super(Kind.NOT_FOUND, "webhook-not-found", "Webhook not found",
                "No webhook " + webhookId);
    }
}
