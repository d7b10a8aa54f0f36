package io.helpdeskinbox.security;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** No live API key with this id (404). */
public class ApiKeyNotFoundException extends ErrorResponseException {

    public ApiKeyNotFoundException(long apiKeyId) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "api-key-not-found", "API key not found",
                "No live API key " + apiKeyId), null);
    }
}
