package io.helpdeskinbox.conversation;

public class ConversationNotFoundException extends RuntimeException {

    public ConversationNotFoundException(long conversationId) {
        super("Conversation " + conversationId + " does not exist.");
    }
}
