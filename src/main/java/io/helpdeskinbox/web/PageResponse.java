package io.helpdeskinbox.web;

import java.util.List;

/** One page of a list; {@code nextCursor} is opaque and null on the last page. */
public record PageResponse<T>(List<T> items, String nextCursor) {
}
