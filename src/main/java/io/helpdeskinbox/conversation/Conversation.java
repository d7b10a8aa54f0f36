package io.helpdeskinbox.conversation;

import static io.helpdeskinbox.conversation.ConversationStatus.ARCHIVED;
import static io.helpdeskinbox.conversation.ConversationStatus.ASSIGNED;
import static io.helpdeskinbox.conversation.ConversationStatus.UNASSIGNED;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.Team;
import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import jakarta.persistence.Entity;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A conversation and its transitions. Each transition method either changes the conversation,
 * announces it (a {@link ConversationChanged} published when the conversation is saved) and returns
 * true; returns false when its result already holds (a no-op success: nothing changes, nothing is
 * announced); or refuses with a {@link ConversationStateConflictException}. Counters are the
 * assignment service's job; the timeline, the outbox and the engine listen.
 */
@Entity
@Table(name = "conversation")
@DynamicUpdate // a transition changes a few columns: the UPDATE names only those
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class Conversation extends ConversationColumns {

    /** Why a new conversation started, until it is stored and announced with its id. */
    @Transient
    @Getter(AccessLevel.NONE)
    private Cause startedFor;

    /**
     * A new conversation in the Unassigned folder; {@code waitingForAgent} puts it in the queue, and
     * {@code withMessage} says the visitor's first message is written with it (announced with it).
     */
    public static Conversation start(Visitor visitor, String channel, String subject, Routing routing,
            boolean waitingForAgent, boolean withMessage, Cause cause) {
        Conversation conversation = new Conversation();
        conversation.status = UNASSIGNED;
        conversation.visitor = visitor;
        conversation.route.change(routing);
        conversation.channel = channel;
        conversation.subject = subject;
        conversation.waitingForAgent = waitingForAgent;
        conversation.waitingSince = conversation.createdAt = conversation.updatedAt = cause.at();
        conversation.lastMessageAt = withMessage ? cause.at() : null;
        conversation.startedFor = cause;
        return conversation;
    }

    /** Announced once stored: only then has it its id. */
    @PostPersist
    void announceStart() {
        registerEvent(new ConversationCreated(id, startedFor));
    }

    /** Routed anew; its folder and assignee stay (only auto-assignment looks at routing). */
    public boolean routeTo(Routing routing, Cause cause) {
        if (!route.change(routing)) {
            return false;
        }
        updatedAt = cause.at();
        registerEvent(new ConversationRouted(id, status, cause));
        return true;
    }

    /**
     * To a team's queue, waiting for one of its agents: unassigned as by {@link #unassign} if it had an
     * agent; one that was not waiting starts now, one that was keeps its place in time.
     */
    public boolean transferToTeam(Team team, Cause cause) {
        requireAllowed(Transition.TRANSFER_TO_TEAM);
        if (status == UNASSIGNED && waitingForAgent && route.isIn(team)) {
            return false;
        }
        ConversationStatus from = status;
        Long previousAgentId = getAssigneeId();
        if (status == ASSIGNED || !waitingForAgent) {
            apply(status == ASSIGNED ? Transition.UNASSIGN : Transition.HANDOFF, null, cause);
        }
        route.changeTeam(team);
        updatedAt = cause.at();
        registerEvent(new ConversationTransferredToTeam(id, from, previousAgentId, cause));
        return true;
    }

    public boolean isAssignedTo(long agentId) {
        return status == ASSIGNED && assignee.getId() == agentId;
    }

    public boolean assignTo(Agent agent, Cause cause) {
        if (isAssignedTo(agent.getId())) {
            return false;
        }
        apply(Transition.ASSIGN, agent, cause);
        registerEvent(new ConversationAssigned(id, agent.getId(), cause));
        return true;
    }

    public boolean transferTo(Agent agent, Cause cause) {
        if (isAssignedTo(agent.getId())) {
            return false;
        }
        apply(Transition.TRANSFER, agent, cause);
        registerEvent(new ConversationTransferred(id, agent.getId(), previousAssigneeId, cause));
        return true;
    }

    /** Back into the queue, waiting for an agent; not straight back to the agent who let it go. */
    public boolean unassign(Cause cause) {
        if (status == UNASSIGNED) {
            return false;
        }
        apply(Transition.UNASSIGN, null, cause);
        registerEvent(new ConversationUnassigned(id, previousAssigneeId, cause));
        return true;
    }

    public boolean archive(Cause cause) {
        if (status == ARCHIVED) {
            return false;
        }
        ConversationStatus from = status;
        apply(Transition.ARCHIVE, null, cause);
        registerEvent(new ConversationArchived(id, from, getAssigneeId(), cause));
        return true;
    }

    /** Open again, in the queue; an open conversation (unassigned or assigned) is left as it is. */
    public boolean reopen(Cause cause) {
        if (status != ARCHIVED) {
            return false;
        }
        apply(Transition.REOPEN, null, cause);
        registerEvent(new ConversationReopened(id, previousAssigneeId, cause));
        return true;
    }

    /** The bot asks for a human. An assigned conversation already has one. */
    public boolean requestHandoff(Cause cause) {
        requireAllowed(Transition.HANDOFF);
        if (status == ASSIGNED || waitingForAgent) {
            return false;
        }
        apply(Transition.HANDOFF, null, cause);
        registerEvent(new HandoffRequested(id, cause));
        return true;
    }

    /** Only the assignee writes as an agent. */
    public void requireWritableBy(long agentId) {
        if (!isAssignedTo(agentId)) {
            throw new ConversationStateConflictException(
                    "Only the agent the conversation is assigned to may write in it as an agent.", status, getAssigneeId());
        }
    }

    /**
     * A message written in it, already saved: announced as posted. For the response timeout, an
     * agent's message answers the visitor, and a visitor's message after that waits for an answer again.
     */
    public void receive(MessageResponse message) {
        if (message.author() == MessageAuthor.AGENT) {
            awaitingReplySince = null;
        } else if (message.author() == MessageAuthor.VISITOR && status == ASSIGNED && assignedByEngine
                && awaitingReplySince == null) {
            awaitingReplySince = message.createdAt();
        }
        lastMessageAt = message.createdAt();
        updatedAt = message.createdAt();
        registerEvent(new MessagePosted(id, message));
    }

    /**
     * Sets what {@code transition} declares ({@link TransitionEffects}), every value computed from the
     * conversation as it was before, as the statements that apply it in SQL compute theirs.
     */
    private void apply(Transition transition, Agent receiving, Cause cause) {
        requireAllowed(transition);
        Long assigneeBefore = getAssigneeId();
        TransitionEffects.of(transition).forEach((column, value) -> {
            Object set = value.in(cause, receiving, assigneeBefore);
            switch (column) {
                case ASSIGNEE -> assignee = (Agent) set;
                case PREVIOUS_ASSIGNEE -> previousAssigneeId = (Long) set;
                case RELEASED_BY_AGENT -> releasedByAgentId = (Long) set;
                case ASSIGNED_AT -> assignedAt = (Instant) set;
                case ASSIGNED_BY_ENGINE -> assignedByEngine = (Boolean) set;
                case AWAITING_REPLY_SINCE -> awaitingReplySince = (Instant) set;
                case WAITING_FOR_AGENT -> waitingForAgent = (Boolean) set;
                case WAITING_SINCE -> waitingSince = (Instant) set;
                case ARCHIVED_AT -> archivedAt = (Instant) set;
            }
        });
        if (transition.to() != null) {
            status = transition.to();
        }
        updatedAt = cause.at();
    }

    private void requireAllowed(Transition transition) {
        if (!status.allows(transition)) {
            throw ConversationStateConflictException.refusing(transition, status, getAssigneeId());
        }
    }
}
