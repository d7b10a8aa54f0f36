package io.helpdeskinbox.agent;

/** The agent named in the path does not exist (404). */
public class AgentNotFoundException extends RuntimeException {

    public AgentNotFoundException(long agentId) {
        super("Agent " + agentId + " does not exist.");
    }
}
