package io.helpdeskinbox.security;

import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** {@code name} says whose system holds the key, e.g. "Acme CRM". */
public record CreateApiKeyRequest(@NotBlank @PlainText(max = 200) @Schema(example = "Acme CRM sync") String name) {
}
