package io.helpdeskinbox.agent;

/** Another active agent already uses this e-mail address (409). */
public class EmailInUseException extends RuntimeException {

    public EmailInUseException(String email) {
        super("Another active agent already uses " + email + ".");
    }
}
