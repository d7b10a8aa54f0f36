package io.helpdeskinbox.events;

public class WebhookNotFoundException extends RuntimeException {

    public WebhookNotFoundException(long webhookId) {
        super("No webhook " + webhookId);
    }
}
