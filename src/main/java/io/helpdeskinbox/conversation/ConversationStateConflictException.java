package io.helpdeskinbox.conversation;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The conversation's current state forbids the action (409). Carries what the caller needs to
 * decide what to do next: the status and the assignee as they are now.
 */
public class ConversationStateConflictException extends ErrorResponseException {

    private final ConversationStatus currentStatus;

    public ConversationStateConflictException(String message, ConversationStatus currentStatus,
            Long currentAssigneeId) {
        super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "conversation-state-conflict",
                "Not allowed in the conversation's current state", message), null);
        getBody().setProperty("currentStatus", currentStatus);
        getBody().setProperty("currentAssigneeId", currentAssigneeId);
        this.currentStatus = currentStatus;
    }

    public ConversationStatus currentStatus() {
        return currentStatus;
    }
}
