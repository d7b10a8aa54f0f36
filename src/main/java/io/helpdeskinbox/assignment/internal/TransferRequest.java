package io.helpdeskinbox.assignment.internal;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Positive;

/** Names who receives a transfer: an agent, or a team's queue; exactly one of them. */
public record TransferRequest(
        @Positive @Schema(example = "17", description = "the agent who receives it") Long agentId,
        @Positive @Schema(example = "3", description = "the team whose queue receives it, instead of an agent")
        Long teamId) {

    @AssertTrue(message = "give exactly one of agentId and teamId")
    @Schema(hidden = true)
    boolean isOneReceiver() {
        return (agentId == null) != (teamId == null);
    }
}
