package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.infrastructure.Refusal;

/** The agent in the path was deactivated; it is kept for history but can no longer change (409). */
public class AgentInactiveException extends Refusal {

    public AgentInactiveException(long agentId) {
        super(Kind.CONFLICT, "agent-inactive", "Agent is inactive",
                "Agent " + agentId + " is inactive.");
    }
}
