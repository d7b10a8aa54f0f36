package io.helpdeskinbox.stream.internal;

import java.time.Instant;

/**
 * When a stream's credential runs out. A console session: when it expires unless used before; the
 * stream's instance reads the session again only once that moment has passed (its other requests may
 * have pushed it later), and ends the stream when the session has indeed expired. An identity
 * provider's access token (no session id): its {@code exp}, which nothing pushes later.
 */
final class HeldSession {

    private final String id;
    private volatile Instant expiresAt;

    HeldSession(String id, Instant expiresAt) {
        this.id = id;
        this.expiresAt = expiresAt;
    }

    /** A provider's token, good until its {@code exp}. */
    static HeldSession until(Instant expiresAt) {
        return new HeldSession(null, expiresAt);
    }

    /** The console session's id; null for a provider's token. */
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
