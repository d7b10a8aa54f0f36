package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** Signing out a request that came with a bearer token, not a console session (404: there is no current session). */
class NoSessionException extends Refusal {

    NoSessionException() {
        super(Kind.NOT_FOUND, "session-not-found", "No session",
                "This request came with a bearer token, not a console session's cookie: there is no session to end. "
                        + "A token stops working when an admin revokes or re-issues it.");
    }
}
