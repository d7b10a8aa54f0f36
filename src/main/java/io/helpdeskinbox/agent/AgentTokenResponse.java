package io.helpdeskinbox.agent;

/** A re-issued agent token, shown this once. */
public record AgentTokenResponse(long agentId, String token) {
}
