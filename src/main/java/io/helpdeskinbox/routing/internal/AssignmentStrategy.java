package io.helpdeskinbox.routing.internal;

/** How the engine picks among ONLINE agents with room. */
public enum AssignmentStrategy {
    /** Fewest active conversations; ties to the agent idle longest. */
    BALANCED,
    /** In turn: the agent whose last automatic assignment is oldest (never served: first). */
    ROUND_ROBIN
}
