package io.helpdeskinbox.agent;

/**
 * The agent connected again ({@code present}) or its presence lapsed: no stream and no API call
 * within the presence timeout. Apart from availability, which is what the agent chose; with presence
 * on in the settings, only agents ONLINE and present receive automatic assignments.
 */
public record AgentPresenceChanged(long agentId, boolean present) implements AgentChanged {
}
