package io.helpdeskinbox.web;

import java.util.Arrays;

/**
 * The {@code If-Match} precondition of an action: absent or {@code *} is met by any version;
 * otherwise one of the listed entity tags must name the current version. Weak and strong forms
 * of {@code "<version>"} are both accepted, since the version is all the tag carries.
 */
public record VersionPrecondition(String ifMatch) {

    public static final VersionPrecondition NONE = new VersionPrecondition(null);

    public boolean isMetBy(long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return true;
        }
        String current = "\"" + currentVersion + "\"";
        return Arrays.stream(ifMatch.split(","))
                .map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(current::equals);
    }

    public void check(long currentVersion) {
        if (!isMetBy(currentVersion)) {
            throw new PreconditionFailedException(currentVersion);
        }
    }
}
