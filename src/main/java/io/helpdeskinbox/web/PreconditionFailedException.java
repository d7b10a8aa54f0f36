package io.helpdeskinbox.web;

/** The resource changed since the version the caller named in {@code If-Match} (412). */
public class PreconditionFailedException extends RuntimeException {

    private final long currentVersion;

    public PreconditionFailedException(long currentVersion) {
        super("The conversation has changed since the version you named in If-Match; it is now version "
                + currentVersion + ".");
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
