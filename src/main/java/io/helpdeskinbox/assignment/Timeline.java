package io.helpdeskinbox.assignment;

import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationEvent;
import io.helpdeskinbox.conversation.ConversationEventRepository;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.events.EventType;
import io.helpdeskinbox.events.Outbox;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Records a change twice, in the transaction that makes it: in the conversation's timeline, and
 * in the outbox that feeds the live stream and webhooks.
 */
@Component
class Timeline {

    private final ConversationEventRepository events;
    private final Outbox outbox;

    Timeline(ConversationEventRepository events, Outbox outbox) {
        this.events = events;
        this.outbox = outbox;
    }

    /** Called right after the transition, so the conversation shows its new status. */
    void record(Conversation conversation, ConversationEventType type, Long agentId, Long previousAgentId,
            EventReason reason, String actor, Instant now) {
        events.save(new ConversationEvent(conversation.getId(), type, agentId, previousAgentId, reason, actor, now));
        outbox.conversationChanged(EventType.of(type), conversation, folderBefore(type, conversation), agentId,
                previousAgentId);
    }

    /** The folder the conversation was in before this change (null: it did not exist). */
    private static ConversationStatus folderBefore(ConversationEventType type, Conversation after) {
        return switch (type) {
            case CREATED -> null;
            case ASSIGNED, HANDOFF_REQUESTED -> ConversationStatus.UNASSIGNED;
            case TRANSFERRED, UNASSIGNED -> ConversationStatus.ASSIGNED;
            case REOPENED -> ConversationStatus.ARCHIVED;
            // an archived conversation keeps the agent that held it; one archived from the queue has none
            case ARCHIVED -> after.getAssigneeId() != null ? ConversationStatus.ASSIGNED : ConversationStatus.UNASSIGNED;
        };
    }
}
