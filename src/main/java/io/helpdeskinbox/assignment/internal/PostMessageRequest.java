package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.conversation.MessageAuthor;
import io.helpdeskinbox.security.CallerRefusedException;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.web.FieldRejectedException;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * A message. An agent's message is attributed to the calling agent; only an admin, writing on an
 * agent's behalf, names the agent with {@code agentId}.
 */
public record PostMessageRequest(
        @NotNull MessageAuthor author,
        @NotBlank @PlainText(max = 10_000) @Schema(example = "Ya lo miro: el reembolso sale hoy.") String text,
        @Positive @Schema(example = "17") Long agentId) {

    /**
     * Who writes: the agent of an AGENT message, or null. Agents write AGENT messages only, as
     * themselves; integrations write VISITOR and BOT messages only.
     */
    public Long writingAgent(InboxPrincipal caller) {
        boolean agentMessage = author == MessageAuthor.AGENT;
        switch (caller.role()) {
            case AGENT -> {
                if (!agentMessage) {
                    throw new CallerRefusedException("An agent writes AGENT messages only.");
                }
                if (agentId != null) {
                    throw new FieldRejectedException("agentId", "must be absent: the message is the calling agent's");
                }
                return caller.agentId();
            }
            case INTEGRATION -> {
                if (agentMessage) {
                    throw new CallerRefusedException("An integration writes VISITOR and BOT messages only.");
                }
            }
            case ADMIN -> {
                if (agentMessage && agentId == null) {
                    throw new FieldRejectedException("agentId", "must name the agent an admin writes for");
                }
            }
        }
        if (!agentMessage && agentId != null) {
            throw new FieldRejectedException("agentId", "must be absent unless the author is AGENT");
        }
        return agentId;
    }
}
