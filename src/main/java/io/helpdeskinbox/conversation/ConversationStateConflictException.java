package io.helpdeskinbox.conversation;

import io.helpdeskinbox.infrastructure.Refusal;

/**
 * The conversation's current state forbids the action (409). Carries what the caller needs to
 * decide what to do next: the status and the assignee as they are now.
 */
public class ConversationStateConflictException extends Refusal {

    private final ConversationStatus currentStatus;

    public ConversationStateConflictException(String message, ConversationStatus currentStatus,
            Long currentAssigneeId) {
        super(Kind.CONFLICT, "conversation-state-conflict",
                "Not allowed in the conversation's current state", message);
        member("currentStatus", currentStatus);
        member("currentAssigneeId", currentAssigneeId);
        this.currentStatus = currentStatus;
    }

    /** {@code transition} does not start from {@code status}. */
    static ConversationStateConflictException refusing(ConversationStatus.Transition transition,
            ConversationStatus status, Long assigneeId) {
        String message = transition == ConversationStatus.Transition.ASSIGN && status == ConversationStatus.ASSIGNED
                ? "The conversation is already assigned to another agent; transfer it instead."
                : "A conversation that is " + status + " cannot be " + transition.pastTense() + ".";
        return new ConversationStateConflictException(message, status, assigneeId);
    }

    public ConversationStatus currentStatus() {
        return currentStatus;
    }
}
