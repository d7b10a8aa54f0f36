package io.helpdeskinbox.conversation;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The conversation named in the path does not exist (404). */
public class ConversationNotFoundException extends ErrorResponseException {

    public ConversationNotFoundException(long conversationId) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "conversation-not-found",
                "Conversation not found",
                "Conversation " + conversationId + " does not exist."), null);
    }
}
