package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** Another team already has this name, in any case (409). */
class TeamNameInUseException extends Refusal {

    TeamNameInUseException(String name) {
        super(Kind.CONFLICT, "team-name-in-use", "Team name already in use", "Another team is already named " + name
                + ".");
    }
}
