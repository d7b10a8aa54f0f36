package io.helpdeskinbox.conversation;

/**
 * The conversation's current state forbids the action (409). Carries what the caller needs to
 * decide what to do next: the status and the assignee as they are now.
 */
public class ConversationStateConflictException extends RuntimeException {

    private final ConversationStatus currentStatus;
    private final Long currentAssigneeId;

    public ConversationStateConflictException(String message, ConversationStatus currentStatus, Long currentAssigneeId) {
        super(message);
        this.currentStatus = currentStatus;
        this.currentAssigneeId = currentAssigneeId;
    }

    public ConversationStatus currentStatus() {
        return currentStatus;
    }

    public Long currentAssigneeId() {
        return currentAssigneeId;
    }
}
