package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.EventReason;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

public record TimelineEntryResponse(long id, ConversationEventType type,
        @Schema(nullable = true, description = "the agent it went to; null when it went to no agent") Long agentId,
        @Schema(nullable = true, description = "the agent it came from; null when it came from no agent")
        Long previousAgentId,
        EventReason reason, String actor, Instant at) {

    static TimelineEntryResponse of(TimelineEntry e) {
        return new TimelineEntryResponse(e.getId(), e.getType(), e.getAgentId(), e.getPreviousAgentId(), e.getReason(),
                e.getActor(), e.getAt());
    }
}
