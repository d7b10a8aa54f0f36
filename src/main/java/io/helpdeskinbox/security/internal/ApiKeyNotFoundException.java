package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** No live API key with this id (404). */
public class ApiKeyNotFoundException extends Refusal {

    public ApiKeyNotFoundException(long apiKeyId) {
        super(Kind.NOT_FOUND, "api-key-not-found", "API key not found",
                "No live API key " + apiKeyId);
    }
}
