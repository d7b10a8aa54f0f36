package io.helpdeskinbox.conversation;

/** What happened to a conversation, as its timeline shows it. */
public enum ConversationEventType {
    CREATED,
    ASSIGNED,
    TRANSFERRED,
    UNASSIGNED,
    ARCHIVED,
    REOPENED,
    HANDOFF_REQUESTED,
    /** Its team, priority or required skills changed; its folder did not. */
    ROUTED
}
