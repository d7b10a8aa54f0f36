package io.helpdeskinbox.conversation;

import java.util.Set;

/** An agent took a waiting conversation: by hand, or given by the engine or the reopen policy. */
public record ConversationAssigned(Long conversationId, Long agentId, Cause cause)
        implements ConversationChanged {

    @Override
    public ConversationStatus from() {
        return ConversationStatus.UNASSIGNED;
    }

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.ASSIGNED;
    }

    @Override
    public Set<Long> movedCounters() {
        return Set.of(agentId);
    }
}
