package io.helpdeskinbox.assignment.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Names the agent that receives the conversation (assign and transfer). */
public record AssignRequest(@NotNull @Positive @Schema(example = "17") Long agentId) {
}
