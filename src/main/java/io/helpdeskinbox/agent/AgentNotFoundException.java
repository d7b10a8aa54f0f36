package io.helpdeskinbox.agent;

import io.helpdeskinbox.infrastructure.Refusal;

/** The agent named in the path does not exist (404). */
public class AgentNotFoundException extends Refusal {

    public AgentNotFoundException(long agentId) {
        super(Kind.NOT_FOUND, "agent-not-found", "Agent not found",
                "Agent " + agentId + " does not exist.");
    }
}
