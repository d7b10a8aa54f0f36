package io.helpdeskinbox.conversation;

import java.util.Set;

/**
 * A transition a conversation announced about itself (see {@link Conversation}): published when
 * the conversation is saved, inside its transaction. A value: the conversation's id and what the
 * change was, never the entity; a listener reads what else it needs (in the same transaction, the
 * persistence context answers without a query).
 */
public sealed interface ConversationChanged permits ConversationCreated, ConversationAssigned,
        ConversationTransferred, ConversationUnassigned, ConversationArchived, ConversationReopened,
        HandoffRequested {

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
}
