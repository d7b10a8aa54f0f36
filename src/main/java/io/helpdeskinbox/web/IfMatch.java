package io.helpdeskinbox.web;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an {@code If-Match} header: absent or {@code *} accepts any version; otherwise each listed
 * entity tag names one. Weak and strong forms of {@code "<version>"} are both accepted, since the
 * version is all the tag carries; a tag that names no version accepts none (the set may be empty).
 */
public final class IfMatch {

    private IfMatch() {
    }

    /** @return the versions the header accepts; empty when it accepts any */
    public static Optional<Set<Long>> versions(String ifMatch) {
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
}
