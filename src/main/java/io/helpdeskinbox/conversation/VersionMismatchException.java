package io.helpdeskinbox.conversation;

import io.helpdeskinbox.infrastructure.Refusal;

/**
 * The conversation changed since the version the caller expected (412 with {@code If-Match}): the
 * problem carries its version now ({@code currentVersion}), and the response its entity tag.
 */
public class VersionMismatchException extends Refusal {

    public VersionMismatchException(long currentVersion) {
        super(Kind.VERSION_MISMATCH, "version-mismatch", "The conversation has changed",
                "The conversation has changed since the version you named in If-Match; it is now version "
                        + currentVersion + ".");
        member("currentVersion", currentVersion);
    }
}
