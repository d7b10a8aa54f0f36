package io.helpdeskinbox.agent;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The agent named in a request body does not exist or is inactive, so it can receive nothing (422). */
public class UnknownAgentException extends ErrorResponseException {

    public UnknownAgentException(long agentId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-agent",
                "Unknown or inactive agent",
                "Agent " + agentId + " does not exist or is inactive."), null);
    }
}
