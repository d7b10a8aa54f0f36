package io.helpdeskinbox.agent;

import io.helpdeskinbox.infrastructure.Refusal;

/** The agent named in a request body does not exist or is inactive, so it can receive nothing (422). */
public class UnknownAgentException extends Refusal {

    public UnknownAgentException(long agentId) {
        super(Kind.UNPROCESSABLE, "unknown-agent",
                "Unknown or inactive agent",
                "Agent " + agentId + " does not exist or is inactive.");
    }
}
