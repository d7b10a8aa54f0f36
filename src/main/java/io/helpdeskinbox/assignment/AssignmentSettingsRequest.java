package io.helpdeskinbox.assignment;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** The whole settings document (PUT replaces it): {@code defaultCapacity} null or absent = unlimited. */
public record AssignmentSettingsRequest(
        @NotNull Boolean autoAssignment,
        @NotNull AssignmentStrategy strategy,
        @PositiveOrZero Integer defaultCapacity,
        @NotNull ReopenPolicy reopenPolicy) {
}
