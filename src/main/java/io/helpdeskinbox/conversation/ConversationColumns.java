package io.helpdeskinbox.conversation;

import io.helpdeskinbox.agent.Agent;
import jakarta.persistence.Embedded;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A conversation's columns and what each means; {@link Conversation} holds the transitions that
 * change them. Apart so that the state machine reads on one screen; only the entity writes these.
 */
@MappedSuperclass
@Getter
abstract class ConversationColumns extends AbstractAggregateRoot<Conversation> {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    protected Long id;

    @Enumerated(EnumType.STRING)
    protected ConversationStatus status;

    /** The agent handling it while ASSIGNED; kept on ARCHIVED as the agent who handled it. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "assignee_id")
    protected Agent assignee;

    /** The agent who held it last: for the reopen policy (null after an archive from the queue). */
    protected Long previousAssigneeId;

    /** The agent who unassigned it, while it waits: auto-assignment does not hand it straight back to them. */
    protected Long releasedByAgentId;

    /** Its assignee was picked by auto-assignment or the reopen policy, not by hand. */
    protected boolean assignedByEngine;

    /**
     * While the engine's assignee holds it: since when the visitor waits for an answer (the assignment,
     * or the first visitor message after the agent's last reply); null once answered. The response
     * timeout counts from here, so the agent always has the whole timeout after the assignment.
     */
    protected Instant awaitingReplySince;

    @Embedded
    protected Visitor visitor;

    /** Its team, priority and required skills: whom auto-assignment may give it to, and in what order. */
    @Embedded
    @Getter(AccessLevel.NONE)
    protected ConversationRoute route = new ConversationRoute();

    protected String channel;

    protected String subject;

    protected boolean waitingForAgent;

    /** When it entered the Unassigned folder (or asked for a human there): the queue order. */
    protected Instant waitingSince;

    protected Instant lastMessageAt;

    protected Instant assignedAt;

    protected Instant archivedAt;

    protected Instant createdAt;

    protected Instant updatedAt;

    @Version
    protected long version;

    /** Where it is routed now: its team, priority and required skills. */
    public Routing routing() {
        return route.value();
    }

    public Long getAssigneeId() {
        return assignee == null ? null : assignee.getId();
    }
}
