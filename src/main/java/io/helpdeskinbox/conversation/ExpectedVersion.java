package io.helpdeskinbox.conversation;

import java.util.Optional;
import java.util.Set;

/**
 * The version a caller expects a conversation to be at before it changes it (from {@code If-Match}):
 * any, or one of a set. A set that names no version is met by none.
 *
 * @param versions the versions that meet it; null when any version does
 */
public record ExpectedVersion(Set<Long> versions) {

    /** Any version: what a caller without {@code If-Match} (or with {@code *}) expects. */
    public static final ExpectedVersion ANY = new ExpectedVersion(null);

    public ExpectedVersion {
        versions = versions == null ? null : Set.copyOf(versions);
    }

    /** @param versions empty when any version does */
    public static ExpectedVersion of(Optional<Set<Long>> versions) {
        return versions.map(ExpectedVersion::new).orElse(ANY);
    }

    public boolean isMetBy(long currentVersion) {
        return versions == null || versions.contains(currentVersion);
    }

    /** The versions that meet it, for a statement that checks it itself; empty when any version does. */
    public Optional<Set<Long>> accepted() {
        return Optional.ofNullable(versions);
    }

    /** @throws VersionMismatchException when the conversation is at another version now */
    public void check(long currentVersion) {
        if (!isMetBy(currentVersion)) {
            throw new VersionMismatchException(currentVersion);
        }
    }
}
