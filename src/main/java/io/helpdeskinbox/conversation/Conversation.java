package io.helpdeskinbox.conversation;

import static io.helpdeskinbox.conversation.ConversationStatus.ARCHIVED;
import static io.helpdeskinbox.conversation.ConversationStatus.ASSIGNED;
import static io.helpdeskinbox.conversation.ConversationStatus.UNASSIGNED;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/**
 * A conversation and its transitions. Each transition method either changes the conversation and
 * returns true, returns false when its result already holds (a no-op success), or refuses with a
 * {@link ConversationStateConflictException}. Counters and events are the assignment service's job.
 */
@Entity
@Table(name = "conversation")
@DynamicUpdate // a transition changes a few columns: the UPDATE names only those
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class Conversation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    private ConversationStatus status;

    /** The agent handling it while ASSIGNED; kept on ARCHIVED as the agent who handled it. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "assignee_id")
    private Agent assignee;

    private Long previousAssigneeId;

    /** The agent who unassigned it, while it waits: auto-assignment does not hand it straight back to them. */
    private Long releasedByAgentId;

    @Embedded
    private Visitor visitor;

    private String channel;

    private String subject;

    private boolean waitingForAgent;

    /** When it entered the Unassigned folder (or asked for a human there): the queue order. */
    private Instant waitingSince;

    private Instant lastMessageAt;

    private Instant assignedAt;

    private Instant archivedAt;

    private Instant createdAt;

    private Instant updatedAt;

    @Version
    private long version;

    public Conversation(Visitor visitor, String channel, String subject, boolean waitingForAgent, Instant now) {
        this.status = UNASSIGNED;
        this.visitor = visitor;
        this.channel = channel;
        this.subject = subject;
        this.waitingForAgent = waitingForAgent;
        this.waitingSince = now;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getAssigneeId() {
        return assignee == null ? null : assignee.getId();
    }

    public boolean isAssignedTo(long agentId) {
        return status == ASSIGNED && assignee.getId() == agentId;
    }

    public boolean assignTo(Agent agent, Instant now) {
        if (isAssignedTo(agent.getId())) {
            return false;
        }
        require(Transition.ASSIGN);
        status = ASSIGNED;
        assignee = agent;
        assignedAt = now;
        leaveQueue();
        return touch(now);
    }

    public boolean transferTo(Agent agent, Instant now) {
        if (isAssignedTo(agent.getId())) {
            return false;
        }
        require(Transition.TRANSFER);
        previousAssigneeId = assignee.getId();
        assignee = agent;
        assignedAt = now;
        return touch(now);
    }

    /** Back into the queue, waiting for an agent. */
    public boolean unassign(Instant now) {
        if (status == UNASSIGNED) {
            return false;
        }
        require(Transition.UNASSIGN);
        previousAssigneeId = assignee.getId();
        assignee = null;
        assignedAt = null;
        status = UNASSIGNED;
        enterQueue(now);
        releasedByAgentId = previousAssigneeId;
        return touch(now);
    }

    public boolean archive(Instant now) {
        if (status == ARCHIVED) {
            return false;
        }
        require(Transition.ARCHIVE);
        status = ARCHIVED;
        archivedAt = now;
        leaveQueue();
        return touch(now);
    }

    /** Open again, in the queue; an open conversation (unassigned or assigned) is left as it is. */
    public boolean reopen(Instant now) {
        if (status != ARCHIVED) {
            return false;
        }
        require(Transition.REOPEN);
        if (assignee != null) {
            previousAssigneeId = assignee.getId();
        }
        assignee = null;
        assignedAt = null;
        archivedAt = null;
        status = UNASSIGNED;
        enterQueue(now);
        return touch(now);
    }

    /** The bot asks for a human. An assigned conversation already has one. */
    public boolean requestHandoff(Instant now) {
        require(Transition.HANDOFF);
        if (status == ASSIGNED || waitingForAgent) {
            return false;
        }
        enterQueue(now);
        return touch(now);
    }

    /** Only the assignee writes as an agent. */
    public void requireWritableBy(long agentId) {
        if (!isAssignedTo(agentId)) {
            throw new ConversationStateConflictException(
                    "Only the agent the conversation is assigned to may write in it as an agent.", status, getAssigneeId());
        }
    }

    public void recordMessage(Instant now) {
        lastMessageAt = now;
        touch(now);
    }

    private void enterQueue(Instant now) {
        waitingForAgent = true;
        waitingSince = now;
        releasedByAgentId = null;
    }

    private void leaveQueue() {
        waitingForAgent = false;
        waitingSince = null;
        releasedByAgentId = null;
    }

    private boolean touch(Instant now) {
        updatedAt = now;
        return true;
    }

    private void require(Transition transition) {
        if (status.allows(transition)) {
            return;
        }
        String message = transition == Transition.ASSIGN && status == ASSIGNED
                ? "The conversation is already assigned to another agent; transfer it instead."
                : "A conversation that is " + status + " cannot be " + pastTense(transition) + ".";
        throw new ConversationStateConflictException(message, status, getAssigneeId());
    }

    private static String pastTense(Transition transition) {
        return switch (transition) {
            case ASSIGN -> "assigned";
            case TRANSFER -> "transferred";
            case UNASSIGN -> "unassigned";
            case ARCHIVE -> "archived";
            case REOPEN -> "reopened";
            case HANDOFF -> "handed off to an agent";
        };
    }
}
