package io.helpdeskinbox.conversation;

/** The Idempotency-Key was already used for a different request (422). */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("This Idempotency-Key was already used with a different request body; use a new key.");
    }
}
