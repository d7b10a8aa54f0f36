package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AgentCounters;
import io.helpdeskinbox.agent.AgentRepository;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.routing.ReopenHandBack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reopen policy's automatic part: a reopened conversation goes straight back to the agent who
 * handled it (the assignee when it was archived; none when it was archived from the queue), in the
 * reopening transaction, when that agent may take it as the engine would (ONLINE, present with
 * presence on, with room, in its team, with its skills): the checking increment decides. Else it waits in the queue, served after the commit like any
 * other.
 */
@Component
class ReopenedToPreviousAgent implements ReopenHandBack {

    private final AssignmentSettingsRepository settings;
    private final AgentCounters counters;
    private final ConversationRepository conversations;
    private final AgentRepository agents;
    private final AssignmentWaits waits;
    private final Clock clock;

    ReopenedToPreviousAgent(AssignmentSettingsRepository settings, AgentCounters counters,
            ConversationRepository conversations, AgentRepository agents, AssignmentWaits waits, Clock clock) {
        this.settings = settings;
        this.counters = counters;
        this.conversations = conversations;
        this.agents = agents;
        this.waits = waits;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void giveBack(Conversation reopened) {
        AssignmentSettings current = settings.current();
        Long handledBy = reopened.getPreviousAssigneeId();
        if (handledBy != null && current.givesReopenedBackToPreviousAgent()) {
            give(reopened.getId(), handledBy, current, clock.instant());
        }
    }

    /** The capacity-checking increment is the arbiter; the conversation follows only when it succeeded. */
    private void give(long conversationId, long agentId, AssignmentSettings current, Instant now) {
        if (counters.incrementIfMayTake(agentId, conversationId, current.getDefaultCapacity(), current.isPresence(),
                now) == 0) {
            return;
        }
        Conversation conversation = conversations.findById(conversationId).orElseThrow();
        Duration waited = conversation.getWaitingSince() == null ? Duration.ZERO
                : Duration.between(conversation.getWaitingSince(), now);
        conversation.assignTo(agents.findById(agentId).orElseThrow(), Cause.engine(EventReason.REOPEN, now));
        conversations.save(conversation);
        BackgroundTransactions.afterCommit(() -> waits.assigned(EventReason.REOPEN, waited));
    }
}
