package io.helpdeskinbox.assignment;

/** {@code defaultCapacity} null = unlimited. */
public record AssignmentSettingsResponse(
        boolean autoAssignment,
        AssignmentStrategy strategy,
        Integer defaultCapacity,
        ReopenPolicy reopenPolicy) {

    static AssignmentSettingsResponse of(AssignmentSettings settings) {
        return new AssignmentSettingsResponse(settings.isAutoAssignment(), settings.getStrategy(),
                settings.getDefaultCapacity(), settings.getReopenPolicy());
    }
}
