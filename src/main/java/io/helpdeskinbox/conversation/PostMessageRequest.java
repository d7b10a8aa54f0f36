package io.helpdeskinbox.conversation;

import io.helpdeskinbox.web.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A message. {@code agentId} names the writing agent of an AGENT message; it stands in for the
 * authenticated caller until authentication lands.
 */
public record PostMessageRequest(
        @NotNull MessageAuthor author,
        @NotBlank @PlainText(max = 10_000) String text,
        @Positive Long agentId) {
}
