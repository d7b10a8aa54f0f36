package io.helpdeskinbox.agent;

/** The agent left: inactive, kept for history; the conversations it held went back to the queue. */
public record AgentDeactivated(long agentId, int released) implements AgentChanged {
}
