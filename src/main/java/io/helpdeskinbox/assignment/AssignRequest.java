package io.helpdeskinbox.assignment;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Names the agent that receives the conversation (assign and transfer). */
public record AssignRequest(@NotNull @Positive Long agentId) {
}
