package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;

/** {@code defaultCapacity} null = unlimited; {@code responseTimeout} null = off. */
public record AssignmentSettingsResponse(
        boolean autoAssignment,
        AssignmentStrategy strategy,
        @Schema(nullable = true, description = "the capacity of an agent without its own; null = unlimited")
        Integer defaultCapacity,
        ReopenPolicy reopenPolicy,
        boolean presence,
        @Schema(type = "string", format = "duration", example = "PT10M", nullable = true,
                description = "ISO-8601; null = off")
        Duration responseTimeout) {

    static AssignmentSettingsResponse of(AssignmentSettings settings) {
        return new AssignmentSettingsResponse(settings.isAutoAssignment(), settings.getStrategy(),
                settings.getDefaultCapacity(), settings.getReopenPolicy(), settings.isPresence(),
                settings.getResponseTimeout());
    }
}
