package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.AgentCounters;
import io.helpdeskinbox.agent.AgentRepository;
import io.helpdeskinbox.agent.Team;
import io.helpdeskinbox.agent.Teams;
import io.helpdeskinbox.agent.UnknownAgentException;
import io.helpdeskinbox.assignment.AssignmentService;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationNotFoundException;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.helpdeskinbox.routing.ReopenHandBack;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The manual actions through the conversation entity, each one database transaction: lock the
 * conversation, let it change itself (it announces the change), save it (which publishes the
 * announcement: the timeline, the outbox and, after the commit, the engine follow), then move the
 * agents' counters with atomic increments. The counter equals the assigned rows at every commit,
 * whatever the number of app instances. A response shows the version the commit holds: the outbox
 * flushes each change as it records it. Every outcome the API knows comes from here: a no-op, a 409,
 * a 412, a 422 (see {@link AssignmentService} for the one-statement path taken first).
 *
 * <p>Lock order, to keep deadlocks rare: a conversation row first, then agent rows in ascending
 * id order; the agent rows last of all, so they are held for as short a time as can be. PostgreSQL
 * still breaks the rare deadlock by aborting one transaction; that one is retried whole (by
 * {@link AssignmentService}, outside the transaction).
 */
@Component
@Transactional
class LockedTransitions {

    private final ConversationRepository conversations;
    private final AgentRepository agents;
    private final AgentCounters counters;
    private final ReopenHandBack reopenHandBack;
    private final Teams teams;

    LockedTransitions(ConversationRepository conversations, AgentRepository agents, AgentCounters counters,
            ReopenHandBack reopenHandBack, Teams teams) {
        this.conversations = conversations;
        this.agents = agents;
        this.counters = counters;
        this.reopenHandBack = reopenHandBack;
        this.teams = teams;
    }

    ConversationResponse assign(long conversationId, long agentId, ExpectedVersion expected, Cause cause) {
        Conversation conversation = lock(conversationId, expected);
        if (conversation.assignTo(activeAgent(agentId), cause)) {
            conversations.save(conversation);
            take(agentId, cause.at());
        }
        return ConversationResponse.of(conversation);
    }

    ConversationResponse transfer(long conversationId, long agentId, ExpectedVersion expected, Cause cause) {
        Conversation conversation = lock(conversationId, expected);
        Long previousAgentId = conversation.getAssigneeId();
        if (conversation.transferTo(activeAgent(agentId), cause)) {
            conversations.save(conversation);
            moveCounter(previousAgentId, agentId, cause.at());
        }
        return ConversationResponse.of(conversation);
    }

    ConversationResponse transferToTeam(long conversationId, long teamId, ExpectedVersion expected, Cause cause) {
        Conversation conversation = lock(conversationId, expected);
        Team team = teams.existing(teamId);
        boolean wasAssigned = conversation.getStatus() == ConversationStatus.ASSIGNED;
        Long previousAgentId = conversation.getAssigneeId();
        if (conversation.transferToTeam(team, cause)) {
            conversations.save(conversation);
            if (wasAssigned) {
                counters.decrement(previousAgentId, 1);
            }
        }
        return ConversationResponse.of(conversation);
    }

    ConversationResponse unassign(long conversationId, ExpectedVersion expected, Cause cause) {
        Conversation conversation = lock(conversationId, expected);
        Long previousAgentId = conversation.getAssigneeId();
        if (conversation.unassign(cause)) {
            conversations.save(conversation);
            counters.decrement(previousAgentId, 1);
        }
        return ConversationResponse.of(conversation);
    }

    ConversationResponse archive(long conversationId, ExpectedVersion expected, Cause cause) {
        Conversation conversation = lock(conversationId, expected);
        boolean wasAssigned = conversation.getStatus() == ConversationStatus.ASSIGNED;
        if (conversation.archive(cause)) {
            conversations.save(conversation);
            if (wasAssigned) {
                counters.decrement(conversation.getAssigneeId(), 1);
            }
        }
        return ConversationResponse.of(conversation);
    }

    /** Open again, in the queue, then straight back to the agent who handled it when the reopen policy says so. */
    ConversationResponse reopen(long conversationId, ExpectedVersion expected, Cause cause) {
        Conversation conversation = lock(conversationId, expected);
        if (conversation.reopen(cause)) {
            conversations.save(conversation);
            reopenHandBack.giveBack(conversation);
        }
        return ConversationResponse.of(conversation);
    }

    ConversationResponse requestHandoff(long conversationId, ExpectedVersion expected, Cause cause) {
        Conversation conversation = lock(conversationId, expected);
        if (conversation.requestHandoff(cause)) {
            conversations.save(conversation);
        }
        return ConversationResponse.of(conversation);
    }

    private Conversation lock(long conversationId, ExpectedVersion expected) {
        Conversation conversation = conversations.lockById(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        expected.check(conversation.getVersion());
        return conversation;
    }

    /** By primary key; whether it is still active when counted, the increment decides. */
    private Agent activeAgent(long agentId) {
        return agents.findById(agentId).filter(Agent::isActive).orElseThrow(() -> new UnknownAgentException(agentId));
    }

    private void take(long agentId, Instant now) {
        if (counters.incrementIfActive(agentId, now) == 0) {
            throw new UnknownAgentException(agentId);
        }
    }

    /** The receiving agent may have been deactivated since it was read: the conditional move is the arbiter. */
    private void moveCounter(long fromAgentId, long toAgentId, Instant now) {
        if (counters.move(fromAgentId, toAgentId, now) != 2) {
            throw new UnknownAgentException(toAgentId);
        }
    }
}
