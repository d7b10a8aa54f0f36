package io.helpdeskinbox.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a list; {@code nextCursor} is opaque and null on the last page. */
public record PageResponse<T>(List<T> items,
        @Schema(nullable = true, description = "opaque; null on the last page") String nextCursor) {
}
