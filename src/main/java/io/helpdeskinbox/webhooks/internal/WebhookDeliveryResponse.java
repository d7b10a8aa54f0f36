package io.helpdeskinbox.webhooks.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** One event's delivery to one webhook, with every attempt so far. */
public record WebhookDeliveryResponse(long id, String eventId, String eventType,
        @Schema(allowableValues = {"PENDING", "DELIVERED", "FAILED"}) String state, int attemptCount,
        @Schema(nullable = true, description = "null once finished") Instant nextAttemptAt, Instant createdAt,
        @Schema(nullable = true, description = "null while pending") Instant finishedAt, List<Attempt> attempts) {

    public record Attempt(int attempt, Instant at,
            @Schema(nullable = true, description = "null when no response came") Integer statusCode,
            @Schema(nullable = true, description = "null when a response came") String error,
            long durationMs, boolean succeeded) {
    }
}
