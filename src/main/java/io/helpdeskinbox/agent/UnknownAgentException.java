package io.helpdeskinbox.agent;

/** The agent named in a request body does not exist or is inactive, so it can receive nothing (422). */
public class UnknownAgentException extends RuntimeException {

    public UnknownAgentException(long agentId) {
        super("Agent " + agentId + " does not exist or is inactive.");
    }
}
