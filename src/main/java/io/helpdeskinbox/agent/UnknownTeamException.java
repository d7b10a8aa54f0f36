package io.helpdeskinbox.agent;

import io.helpdeskinbox.infrastructure.Refusal;

/** The team named in a request body does not exist (422). */
public class UnknownTeamException extends Refusal {

    public UnknownTeamException(long teamId) {
        super(Kind.UNPROCESSABLE, "unknown-team", "Unknown team", "Team " + teamId + " does not exist.");
    }
}
