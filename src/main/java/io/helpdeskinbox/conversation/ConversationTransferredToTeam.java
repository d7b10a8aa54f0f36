package io.helpdeskinbox.conversation;

import java.util.Set;

/**
 * A conversation sent to a team's queue: unassigned from its agent (if it had one) and waiting for an
 * agent of that team. The timeline calls it a transfer, with no receiving agent.
 */
public record ConversationTransferredToTeam(Long conversationId, ConversationStatus from, Long previousAgentId,
        Cause cause) implements ConversationChanged {

    @Override
    public ConversationEventType timelineType() {
        return ConversationEventType.TRANSFERRED;
    }

    @Override
    public Set<Long> movedCounters() {
        return previousAgentId == null ? Set.of() : Set.of(previousAgentId);
    }
}
