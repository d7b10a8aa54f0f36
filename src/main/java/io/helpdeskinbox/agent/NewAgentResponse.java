package io.helpdeskinbox.agent;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A created agent: the agent's fields and, this once, its bearer token. */
public record NewAgentResponse(@JsonUnwrapped AgentResponse agent, String token) {
}
