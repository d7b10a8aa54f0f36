package io.helpdeskinbox.conversation;

/** The bot asked for a human: the conversation now waits in the queue. */
public record HandoffRequested(Long conversationId, Cause cause) implements ConversationChanged {

    @Override
    public ConversationStatus from() {
        return ConversationStatus.UNASSIGNED;
    }

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.HANDOFF_REQUESTED;
    }
}
