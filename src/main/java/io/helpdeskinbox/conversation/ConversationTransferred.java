package io.helpdeskinbox.conversation;

import java.util.Set;

/** An assigned conversation moved from one agent to another. */
public record ConversationTransferred(Long conversationId, Long agentId, Long previousAgentId, Cause cause)
        implements ConversationChanged {

    @Override
    public ConversationStatus from() {
        return ConversationStatus.ASSIGNED;
    }

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.TRANSFERRED;
    }

    @Override
    public Set<Long> movedCounters() {
        return Set.of(agentId, previousAgentId);
    }
}
