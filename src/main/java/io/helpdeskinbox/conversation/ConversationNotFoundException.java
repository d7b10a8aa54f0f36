package io.helpdeskinbox.conversation;

import io.helpdeskinbox.infrastructure.Refusal;

/** The conversation named in the path does not exist (404). */
public class ConversationNotFoundException extends Refusal {

    public ConversationNotFoundException(long conversationId) {
        super(Kind.NOT_FOUND, "conversation-not-found",
                "Conversation not found",
                "Conversation " + conversationId + " does not exist.");
    }
}
