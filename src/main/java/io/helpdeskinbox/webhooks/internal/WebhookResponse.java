package io.helpdeskinbox.webhooks.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A webhook as the admin sees it; the secret is never shown. {@code status} is ACTIVE, or DISABLED
 * once its receiver failed for longer than {@code inbox.webhooks.disable-after} (no more deliveries;
 * register it again when the receiver is fixed). {@code failingSince}: when its current run of failed
 * attempts began, null while it answers.
 */
public record WebhookResponse(long id, String url, List<String> events, boolean active,
        @Schema(allowableValues = {ACTIVE, DISABLED}) String status,
        @Schema(nullable = true) Instant failingSince, @Schema(nullable = true) Instant disabledAt,
        Instant createdAt) {

    static final String ACTIVE = "ACTIVE";
    static final String DISABLED = "DISABLED";
}
