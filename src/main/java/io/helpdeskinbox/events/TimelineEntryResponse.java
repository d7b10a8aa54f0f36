package io.helpdeskinbox.events;

import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.EventReason;
import java.time.Instant;

public record TimelineEntryResponse(long id, ConversationEventType type, Long agentId, Long previousAgentId,
        EventReason reason, String actor, Instant at) {

    static TimelineEntryResponse of(TimelineEntry e) {
        return new TimelineEntryResponse(e.getId(), e.getType(), e.getAgentId(), e.getPreviousAgentId(), e.getReason(),
                e.getActor(), e.getAt());
    }
}
