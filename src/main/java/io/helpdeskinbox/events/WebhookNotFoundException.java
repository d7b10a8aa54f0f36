package io.helpdeskinbox.events;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No active webhook with this id (404). */
public class WebhookNotFoundException extends ErrorResponseException {

    public WebhookNotFoundException(long webhookId) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "webhook-not-found", "Webhook not found",
                "No webhook " + webhookId), null);
    }
}
