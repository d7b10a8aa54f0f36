package io.helpdeskinbox.outbox;

import io.helpdeskinbox.conversation.ConversationEventType;

/** The events the live stream and webhooks carry, by the names the contract gives them. */
public enum EventType {
    CONVERSATION_CREATED("conversation.created"),
    CONVERSATION_ASSIGNED("conversation.assigned"),
    CONVERSATION_TRANSFERRED("conversation.transferred"),
    CONVERSATION_UNASSIGNED("conversation.unassigned"),
    CONVERSATION_ARCHIVED("conversation.archived"),
    CONVERSATION_REOPENED("conversation.reopened"),
    /** Not a change of folder: the bot asked for a human, so the conversation now waits for one. */
    CONVERSATION_HANDOFF_REQUESTED("conversation.handoff_requested"),
    /** Not a change of folder: its team, priority or required skills changed (by hand, or its team was deleted). */
    CONVERSATION_ROUTED("conversation.routed"),
    MESSAGE_CREATED("message.created"),
    AGENT_UPDATED("agent.updated"),
    /** A webhook's receiver failed for too long: no more deliveries to it. */
    WEBHOOK_DISABLED("webhook.disabled"),
    /** Not a change: the exact folder totals at its position in the stream. Live stream only. */
    FOLDERS_COUNTED("folders.counted");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static EventType of(ConversationEventType timelineType) {
        return switch (timelineType) {
            case CREATED -> CONVERSATION_CREATED;
            case ASSIGNED -> CONVERSATION_ASSIGNED;
            case TRANSFERRED -> CONVERSATION_TRANSFERRED;
            case UNASSIGNED -> CONVERSATION_UNASSIGNED;
            case ARCHIVED -> CONVERSATION_ARCHIVED;
            case REOPENED -> CONVERSATION_REOPENED;
            case HANDOFF_REQUESTED -> CONVERSATION_HANDOFF_REQUESTED;
            case ROUTED -> CONVERSATION_ROUTED;
        };
    }

    /** @return the type with this wire name, or null */
    public static EventType ofWireName(String wireName) {
        for (EventType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return null;
    }
}
