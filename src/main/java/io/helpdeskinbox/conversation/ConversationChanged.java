package io.helpdeskinbox.conversation;

import java.util.Set;

/**
 * A transition of a conversation, announced once, whichever way it was made. The entity announces
 * its own (see {@link Conversation}) when it is saved, inside its transaction, where the outbox
 * records it. A transition applied as one statement records its timeline entry and event in that
 * statement, and is announced once that has committed, outside any transaction: a listener that
 * follows commits ({@code @TransactionalEventListener(fallbackExecution = true)}) hears both alike.
 *
 * <p>A value: the conversation's id and what the change was, never the entity; a listener reads
 * what else it needs (in the entity's transaction, the persistence context answers without a query).
 */
public sealed interface ConversationChanged permits ConversationCreated, ConversationAssigned,
        ConversationTransferred, ConversationUnassigned, ConversationArchived, ConversationReopened,
        HandoffRequested, ConversationRouted, ConversationTransferredToTeam {

    Long conversationId();

    /** The folder it was in before (null: it did not exist). */
    ConversationStatus from();

    Cause cause();

    /** The name the timeline gives this change. */
    ConversationEventType timelineType();

    /** The agent the change concerns: who received it, or who handled it (null: none). */
    default Long agentId() {
        return null;
    }

    /** The agent it came from, for a transfer, an unassign or a reopen (null: none). */
    default Long previousAgentId() {
        return null;
    }

    /** The agents whose counters this change moved. */
    default Set<Long> movedCounters() {
        return Set.of();
    }

    /**
     * The announcement of a transition applied as one statement, from what it recorded in the
     * timeline: the entry's agent and previous agent are those the entity's announcement gives.
     */
    static ConversationChanged of(ConversationEventType type, long conversationId, ConversationStatus from,
            Long agentId, Long previousAgentId, Cause cause) {
        return switch (type) {
            case CREATED -> new ConversationCreated(conversationId, cause);
            case ASSIGNED -> new ConversationAssigned(conversationId, agentId, cause);
            case TRANSFERRED -> agentId == null
                    ? new ConversationTransferredToTeam(conversationId, from, previousAgentId, cause)
                    : new ConversationTransferred(conversationId, agentId, previousAgentId, cause);
            case UNASSIGNED -> new ConversationUnassigned(conversationId, previousAgentId, cause);
            case ARCHIVED -> new ConversationArchived(conversationId, from, agentId, cause);
            case REOPENED -> new ConversationReopened(conversationId, previousAgentId, cause);
            case HANDOFF_REQUESTED -> new HandoffRequested(conversationId, cause);
            case ROUTED -> new ConversationRouted(conversationId, from, cause);
        };
    }
}
