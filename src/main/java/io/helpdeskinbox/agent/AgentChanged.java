package io.helpdeskinbox.agent;

/**
 * Something about an agent changed: published in the transaction of the change. The outbox shows
 * it as {@code agent.updated}; the auto-assignment engine looks at the queue after the commit when
 * it may give the agent work.
 */
public sealed interface AgentChanged permits AgentJoined, AgentDetailsChanged, AgentAvailabilityChanged,
        AgentPresenceChanged, AgentDeactivated {

    long agentId();
}
