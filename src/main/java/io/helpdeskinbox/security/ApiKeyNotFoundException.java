package io.helpdeskinbox.security;

public class ApiKeyNotFoundException extends RuntimeException {

    public ApiKeyNotFoundException(long apiKeyId) {
        super("No live API key " + apiKeyId);
    }
}
