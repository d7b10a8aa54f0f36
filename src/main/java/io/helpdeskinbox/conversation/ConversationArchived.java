package io.helpdeskinbox.conversation;

import java.util.Set;

/**
 * A conversation was closed, from the queue or from its agent; it keeps the agent who handled it
 * ({@code agentId}, null when archived from the queue).
 */
public record ConversationArchived(Long conversationId, ConversationStatus from, Long agentId, Cause cause)
        implements ConversationChanged {

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.ARCHIVED;
    }

    /** Archived from an agent: that agent's counter went down. */
    @Override
    public Set<Long> movedCounters() {
        return from == ConversationStatus.ASSIGNED ? Set.of(agentId) : Set.of();
    }
}
