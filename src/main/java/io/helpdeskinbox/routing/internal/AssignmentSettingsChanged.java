package io.helpdeskinbox.routing.internal;

/** The engine's settings were replaced: enabling it or adding room may let the queue move. */
record AssignmentSettingsChanged() {
}
