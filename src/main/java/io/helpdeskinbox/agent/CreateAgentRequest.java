package io.helpdeskinbox.agent;

import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

public record CreateAgentRequest(
        @NotBlank @PlainText(max = 200) @Schema(example = "Ana Beltrán") String name,
        @NotBlank @Email @PlainText(max = 320) @Schema(example = "ana.beltran@example.com") String email,
        @PositiveOrZero @Schema(example = "5", nullable = true, description = "null or absent = unlimited (or the settings' defaultCapacity)")
        Integer capacity) {
}
