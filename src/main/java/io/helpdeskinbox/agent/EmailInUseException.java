package io.helpdeskinbox.agent;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Another active agent already uses this e-mail address (409). */
public class EmailInUseException extends ErrorResponseException {

    public EmailInUseException(String email) {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "email-in-use", "E-mail address already in use",
                "Another active agent already uses " + email + "."), null);
    }
}
