package io.helpdeskinbox.web;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code If-Match} precondition of an action: absent or {@code *} is met by any version;
 * otherwise one of the listed entity tags must name the current version. Weak and strong forms
 * of {@code "<version>"} are both accepted, since the version is all the tag carries.
 */
public record VersionPrecondition(String ifMatch) {

    public static final VersionPrecondition NONE = new VersionPrecondition(null);

    public boolean isMetBy(long currentVersion) {
        return versions().map(accepted -> accepted.contains(currentVersion)).orElse(true);
    }

    /**
     * The versions that meet it, for a statement that checks it itself; empty when any version does.
     * A tag that names no version meets none (the set may be empty).
     */
    public Optional<Set<Long>> versions() {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(ifMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .filter(tag -> tag.matches("\"(0|[1-9][0-9]{0,17})\""))
                .map(tag -> Long.valueOf(tag.substring(1, tag.length() - 1)))
                .collect(Collectors.toUnmodifiableSet()));
    }

    public void check(long currentVersion) {
        if (!isMetBy(currentVersion)) {
            throw new PreconditionFailedException(currentVersion);
        }
    }
}
