package io.helpdeskinbox.agent;

/** A new agent, OFFLINE until it says otherwise. */
public record AgentJoined(long agentId) implements AgentChanged {
}
