package io.helpdeskinbox.conversation;

import java.time.Instant;

public record MessageResponse(long id, long conversationId, MessageAuthor author, Long agentId, String text,
        Instant createdAt) {

    public static MessageResponse of(Message m) {
        return new MessageResponse(m.getId(), m.getConversationId(), m.getAuthor(), m.getAgentId(), m.getText(),
                m.getCreatedAt());
    }
}
