package io.helpdeskinbox.agent;

/** How the engine picks among the agents who may take a conversation: the settings' choice, or a team's. */
public enum AssignmentStrategy {
    /** Fewest active conversations; ties to the agent idle longest. */
    BALANCED,
    /** In turn: the agent whose last automatic assignment is oldest (never served: first). */
    ROUND_ROBIN
}
