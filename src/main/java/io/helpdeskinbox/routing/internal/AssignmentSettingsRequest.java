package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * The whole settings document (PUT replaces it): {@code defaultCapacity} null or absent = unlimited;
 * {@code presence} absent = off; {@code responseTimeout} null or absent = off.
 */
public record AssignmentSettingsRequest(
        @NotNull Boolean autoAssignment,
        @NotNull AssignmentStrategy strategy,
        @PositiveOrZero @Schema(nullable = true, description = "the capacity of an agent without its own; null = unlimited")
        Integer defaultCapacity,
        @NotNull ReopenPolicy reopenPolicy,
        Boolean presence,
        @Schema(type = "string", format = "duration", example = "PT10M", nullable = true,
                description = "ISO-8601; at least one second; null = off")
        Duration responseTimeout) {

    /** A timeout that rounds to nothing would send every conversation straight back to the queue. */
    static final Duration SHORTEST_RESPONSE_TIMEOUT = Duration.ofSeconds(1);
}
