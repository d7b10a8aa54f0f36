package io.helpdeskinbox.agent;

/** The agent's name, e-mail address or capacity changed; a raised capacity may give it work. */
public record AgentDetailsChanged(long agentId, boolean capacityChanged) implements AgentChanged {
}
