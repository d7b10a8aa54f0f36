package io.helpdeskinbox.security;

import io.helpdeskinbox.infrastructure.Refusal;

/** A 403 whose reason the caller may read: it concerns what the caller asked, not what exists. */
public class CallerRefusedException extends Refusal {

    public CallerRefusedException(String reason) {
        super(Kind.FORBIDDEN, "forbidden", "Forbidden",
                reason);
    }
}
