package io.helpdeskinbox.agent;

import io.helpdeskinbox.web.PlainText;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

public record CreateAgentRequest(
        @NotBlank @PlainText(max = 200) String name,
        @NotBlank @Email @PlainText(max = 320) String email,
        @PositiveOrZero Integer capacity) {
}
