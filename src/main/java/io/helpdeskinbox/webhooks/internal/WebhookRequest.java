package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A partner's endpoint: {@code events} names the event types it receives (empty: all);
 * {@code secret} signs every delivery (16 to 200 characters; never shown again).
 */
public record WebhookRequest(
        @NotBlank @PlainText(max = 2000) @Schema(example = "https://partner.example.com/inbox-events") String url,
        @NotNull @Size(max = 20) List<@NotBlank @PlainText(max = 64) String> events,
        @NotBlank @Size(min = 16, max = 200) @PlainText(max = 200) @Schema(example = "whsec_4f9a1c2e7b3d8a60") String secret) {
}
