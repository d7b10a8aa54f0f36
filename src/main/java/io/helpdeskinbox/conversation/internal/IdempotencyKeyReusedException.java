package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** The Idempotency-Key was already used for a different request (422). */
public class IdempotencyKeyReusedException extends Refusal {

    public IdempotencyKeyReusedException() {
        super(Kind.UNPROCESSABLE, "idempotency-key-reused",
                "Idempotency-Key reused",
                "This Idempotency-Key was already used with a different request body; use a new key.");
    }
}
