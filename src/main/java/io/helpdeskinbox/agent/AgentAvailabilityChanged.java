package io.helpdeskinbox.agent;

/** The agent went ONLINE, BUSY or OFFLINE; only ONLINE agents receive automatic assignments. */
public record AgentAvailabilityChanged(long agentId, Availability availability) implements AgentChanged {
}
