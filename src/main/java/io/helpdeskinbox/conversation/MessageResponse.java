package io.helpdeskinbox.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

public record MessageResponse(long id, long conversationId, MessageAuthor author,
        @Schema(nullable = true, description = "the writing agent for AGENT messages; null otherwise") Long agentId,
        String text,
        Instant createdAt) {

    public static MessageResponse of(Message m) {
        return new MessageResponse(m.getId(), m.getConversationId(), m.getAuthor(), m.getAgentId(), m.getText(),
                m.getCreatedAt());
    }
}
