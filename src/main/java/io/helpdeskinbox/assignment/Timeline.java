package io.helpdeskinbox.assignment;

import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationEvent;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.events.EventType;
import io.helpdeskinbox.events.Outbox;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Records a change twice, in the transaction that makes it: in the conversation's timeline, and
 * in the outbox that feeds the live stream and webhooks. The outbox writes both rows in one
 * statement just before the commit.
 */
@Component
class Timeline {

    private final Outbox outbox;

    Timeline(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Called right after the transition, so the conversation shows its new status. Every transition
     * but a reopen moves the counters of the agents it names; a reopen only names who handled it.
     */
    void record(Conversation conversation, ConversationEventType type, Long agentId, Long previousAgentId,
            EventReason reason, String actor, Instant now) {
        ConversationEvent entry = new ConversationEvent(conversation.getId(), type, agentId, previousAgentId, reason,
                actor, now);
        ConversationStatus before = folderBefore(type, conversation);
        if (type == ConversationEventType.REOPENED) {
            outbox.conversationChanged(EventType.of(type), conversation, before, entry);
        } else {
            outbox.conversationChanged(EventType.of(type), conversation, before, entry, agentId, previousAgentId);
        }
    }

    /** The folder the conversation was in before this change (null: it did not exist). */
    private static ConversationStatus folderBefore(ConversationEventType type, Conversation after) {
        return switch (type) {
            case CREATED -> null;
            case ASSIGNED -> ConversationStatus.UNASSIGNED;
            case HANDOFF_REQUESTED -> after.getStatus();
            case TRANSFERRED, UNASSIGNED -> ConversationStatus.ASSIGNED;
            case REOPENED -> ConversationStatus.ARCHIVED;
            // an archived conversation keeps the agent that held it; one archived from the queue has none
            case ARCHIVED -> after.getAssigneeId() != null ? ConversationStatus.ASSIGNED : ConversationStatus.UNASSIGNED;
        };
    }
}
