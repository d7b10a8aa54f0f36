package io.helpdeskinbox.conversation;

import java.util.Set;

/** Its agent let an assigned conversation go: it waits in the queue again. */
public record ConversationUnassigned(Long conversationId, Long previousAgentId, Cause cause)
        implements ConversationChanged {

    @Override
    public ConversationStatus from() {
        return ConversationStatus.ASSIGNED;
    }

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.UNASSIGNED;
    }

    @Override
    public Set<Long> movedCounters() {
        return Set.of(previousAgentId);
    }
}
