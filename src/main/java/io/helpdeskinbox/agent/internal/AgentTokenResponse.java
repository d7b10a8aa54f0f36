package io.helpdeskinbox.agent.internal;

/** A re-issued agent token, shown this once. */
public record AgentTokenResponse(long agentId, String token) {
}
