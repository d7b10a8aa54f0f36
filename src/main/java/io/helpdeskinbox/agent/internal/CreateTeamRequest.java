package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

/** A new team: absent settings are the global ones. */
public record CreateTeamRequest(
        @NotBlank @PlainText(max = 100)
        @Schema(example = "Billing (Spanish)") String name,
        @PlainText(max = 500) @Schema(nullable = true) String description,
        @Schema(nullable = true, description = "null or absent = the settings' autoAssignment") Boolean autoAssignment,
        @Schema(nullable = true, description = "null or absent = the settings' strategy") AssignmentStrategy strategy,
        @PositiveOrZero @Schema(nullable = true, description = "null or absent = the settings' defaultCapacity")
        Integer defaultCapacity) {
}
