package io.helpdeskinbox.agent;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The agent in the path was deactivated; it is kept for history but can no longer change (409). */
public class AgentInactiveException extends ErrorResponseException {

    public AgentInactiveException(long agentId) {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "agent-inactive", "Agent is inactive",
                "Agent " + agentId + " is inactive."), null);
    }
}
