package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** The team named in the path does not exist (404). */
class TeamNotFoundException extends Refusal {

    TeamNotFoundException(long teamId) {
        super(Kind.NOT_FOUND, "team-not-found", "Team not found", "Team " + teamId + " does not exist.");
    }
}
