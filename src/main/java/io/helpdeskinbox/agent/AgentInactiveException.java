package io.helpdeskinbox.agent;

/** The agent in the path was deactivated; it is kept for history but can no longer change (409). */
public class AgentInactiveException extends RuntimeException {

    public AgentInactiveException(long agentId) {
        super("Agent " + agentId + " is inactive.");
    }
}
