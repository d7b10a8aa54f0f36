package io.helpdeskinbox.conversation;

/**
 * An archived conversation is open again, waiting in the queue; {@code previousAgentId} is the agent
 * who handled it, whom the reopen policy may hand it back to.
 */
public record ConversationReopened(Long conversationId, Long previousAgentId, Cause cause)
        implements ConversationChanged {

    @Override
    public ConversationStatus from() {
        return ConversationStatus.ARCHIVED;
    }

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.REOPENED;
    }
}
