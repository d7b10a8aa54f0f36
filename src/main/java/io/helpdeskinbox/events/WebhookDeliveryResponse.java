package io.helpdeskinbox.events;

import java.time.Instant;
import java.util.List;

/** One event's delivery to one webhook, with every attempt so far. */
public record WebhookDeliveryResponse(long id, String eventId, String eventType, String state, int attemptCount,
        Instant nextAttemptAt, Instant createdAt, Instant finishedAt, List<Attempt> attempts) {

    public record Attempt(int attempt, Instant at, Integer statusCode, String error, long durationMs, boolean succeeded) {
    }
}
