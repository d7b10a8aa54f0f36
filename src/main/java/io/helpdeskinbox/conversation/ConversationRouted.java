package io.helpdeskinbox.conversation;

/**
 * A conversation's routing changed (its team, priority or required skills) and its folder did not:
 * by hand, or because its team was deleted. Only auto-assignment looks at routing: an assignee who no
 * longer fits keeps it.
 */
public record ConversationRouted(Long conversationId, ConversationStatus from, Cause cause)
        implements ConversationChanged {

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.ROUTED;
    }
}
