package io.helpdeskinbox.agent;

import io.swagger.v3.oas.annotations.media.Schema;

/** A team as an agent or a conversation names it. */
public record TeamSummary(@Schema(example = "3") long id, @Schema(example = "Billing") String name) {
}
