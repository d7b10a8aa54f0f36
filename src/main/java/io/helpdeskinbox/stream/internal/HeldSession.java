package io.helpdeskinbox.stream.internal;

import java.time.Instant;

/**
 * A console session a stream was opened with, and when it expires unless used before: the stream's
 * instance reads the session again only once that moment has passed (its other requests may have
 * pushed it later), and ends the stream when the session has indeed expired.
 */
final class HeldSession {

    private final String id;
    private volatile Instant expiresAt;

    HeldSession(String id, Instant expiresAt) {
        this.id = id;
        this.expiresAt = expiresAt;
    }

    String id() {
        return id;
    }

    boolean due(Instant now) {
        return !now.isBefore(expiresAt);
    }

    void extendTo(Instant expiresAt) {
        this.expiresAt = expiresAt;
    }
}
