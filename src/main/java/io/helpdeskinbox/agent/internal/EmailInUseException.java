package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** Another active agent already uses this e-mail address (409). */
public class EmailInUseException extends Refusal {

    public EmailInUseException(String email) {
        super(Kind.CONFLICT, "email-in-use", "E-mail address already in use",
                "Another active agent already uses " + email + ".");
    }
}
