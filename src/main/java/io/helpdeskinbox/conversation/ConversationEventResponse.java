package io.helpdeskinbox.conversation;

import java.time.Instant;

public record ConversationEventResponse(long id, ConversationEventType type, Long agentId, Long previousAgentId,
        EventReason reason, String actor, Instant at) {

    static ConversationEventResponse of(ConversationEvent e) {
        return new ConversationEventResponse(e.getId(), e.getType(), e.getAgentId(), e.getPreviousAgentId(),
                e.getReason(), e.getActor(), e.getAt());
    }
}
