package io.helpdeskinbox.events;

import java.time.Instant;
import java.util.List;

/** A webhook as the admin sees it; the secret is never shown. */
public record WebhookResponse(long id, String url, List<String> events, boolean active, Instant createdAt) {
}
