package io.helpdeskinbox.agent;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The agent named in the path does not exist (404). */
public class AgentNotFoundException extends ErrorResponseException {

    public AgentNotFoundException(long agentId) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "agent-not-found", "Agent not found",
                "Agent " + agentId + " does not exist."), null);
    }
}
