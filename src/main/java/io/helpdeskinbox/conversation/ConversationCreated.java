package io.helpdeskinbox.conversation;

/** A visitor started a conversation: it is in the Unassigned folder, waiting for an agent or not. */
public record ConversationCreated(Long conversationId, Cause cause) implements ConversationChanged {

    @Override
    public ConversationStatus from() {
        return null;
    }

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.CREATED;
    }
}
