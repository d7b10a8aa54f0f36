package io.helpdeskinbox.security;

import io.helpdeskinbox.web.PlainText;
import jakarta.validation.constraints.NotBlank;

/** {@code name} says whose system holds the key, e.g. "Acme CRM". */
public record CreateApiKeyRequest(@NotBlank @PlainText(max = 200) String name) {
}
