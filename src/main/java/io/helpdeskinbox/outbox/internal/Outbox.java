package io.helpdeskinbox.outbox.internal;

import io.helpdeskinbox.agent.AgentChanged;
import io.helpdeskinbox.agent.AgentDeactivated;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationChanged;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.MessagePosted;
import io.helpdeskinbox.conversation.MessageResponse;
import io.helpdeskinbox.outbox.ClientEvent;
import io.helpdeskinbox.outbox.EventPayloads;
import io.helpdeskinbox.outbox.EventType;
import io.helpdeskinbox.outbox.OutboxTicks;
import io.helpdeskinbox.security.CredentialRevoked;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox, as a listener: every change a module announces inside its transaction
 * (a conversation's transition, a message, an agent's change) becomes an event written just before
 * that transaction commits, with a payload that shows the state the change made: the conversation
 * with its new version, the folders it left and entered, and the counters, as committed, of the
 * agents whose counters the change moved. A conversation's change is written with its timeline
 * entry, in one statement.
 *
 * <p>An insert takes no lock and touches no shared row: each event is stamped with its writer's
 * transaction id, and the relay ({@link OutboxRelay}) orders what has committed. Inserting last,
 * after every row lock the transaction takes, is what makes the event id order sound within a tick
 * (see {@link OutboxTicks}). Once committed, this instance's relay is woken at once.
 */
@Component
class Outbox {

    private final OutboxEvents events;
    private final EntityManager entityManager;
    private final JsonMapper json;
    private final Clock clock;
    private final OutboxRelay relay;

    Outbox(OutboxEvents events, EntityManager entityManager, JsonMapper json, Clock clock, OutboxRelay relay) {
        this.events = events;
        this.entityManager = entityManager;
        this.json = json;
        this.clock = clock;
        this.relay = relay;
    }

    /**
     * First among the listeners of a change: its event precedes any change a listener makes in turn.
     * A change announced outside any transaction was applied as one statement, which recorded its
     * event itself and has committed: the relay has it to cut.
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ConversationChanged change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            relay.wake();
            return;
        }
        Cause cause = change.cause();
        ConversationResponse conversation = snapshot(change.conversationId());
        pending().add(new PendingEvent(EventType.of(change.timelineType()), conversation, folder(change.from()),
                folder(conversation.status()), null, change.movedCounters(), new OutboxEvents.NewTimelineEntry(
                        change.timelineType(), change.agentId(), change.previousAgentId(), cause.reason(),
                        cause.actor(), cause.at()), null, null));
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(MessagePosted posted) {
        ConversationResponse conversation = snapshot(posted.conversationId());
        String folder = folder(conversation.status());
        pending().add(new PendingEvent(EventType.MESSAGE_CREATED, conversation, folder, folder, posted.message(),
                Set.of(), null, null, null));
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(AgentChanged changed) {
        pending().add(new PendingEvent(EventType.AGENT_UPDATED, null, null, null, null, Set.of(changed.agentId()),
                null, null, null));
        if (changed instanceof AgentDeactivated) {
            on(CredentialRevoked.agent(changed.agentId())); // an agent who left reads no more
        }
    }

    /**
     * Not an event clients or webhooks receive: it tells every instance's live stream, in stream
     * order, which streams to end before anything committed after it (see the stream's {@code StreamRevocation}).
     */
    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(CredentialRevoked revoked) {
        pending().add(new PendingEvent(null, null, null, null, null, Set.of(), null, null, revoked));
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void on(ClientEvent event) {
        pending().add(new PendingEvent(event.type(), null, null, null, null, Set.of(), null, event, null));
    }

    /** Folders by the names the API gives them ({@code ?folder=unassigned}). */
    private static String folder(ConversationStatus status) {
        return status == null ? null : status.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The conversation right after this change, with the version it gives it: flushed first, so two
     * changes of one conversation in one transaction (a reopen handed straight back) are two versions.
     * Read from the persistence context the change was made in, without a query.
     */
    private ConversationResponse snapshot(long conversationId) {
        entityManager.flush();
        return ConversationResponse.of(entityManager.find(Conversation.class, conversationId));
    }

    @SuppressWarnings("unchecked")
    private List<PendingEvent> pending() {
        List<PendingEvent> pending = (List<PendingEvent>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                throw new IllegalStateException("events are recorded inside the transaction of their change");
            }
            List<PendingEvent> created = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    write(created);
                }

                @Override
                public void afterCommit() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
                    if (!created.isEmpty()) {
                        relay.wake();
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
                }

                @Override
                public int getOrder() {
                    return Ordered.HIGHEST_PRECEDENCE;
                }
            });
            pending = created;
        }
        return pending;
    }

    /** One insert per event, the payload's JSON built here; its id and position come only once a tick holds it. */
    private void write(List<PendingEvent> pending) {
        if (pending.isEmpty()) {
            return;
        }
        entityManager.flush(); // the counters the payloads read are those the transaction commits
        Instant now = clock.instant();
        for (PendingEvent event : pending) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("type", event.wireType());
            payload.put("at", now);
            if (event.revoked() != null) {
                payload.put("revoked", event.revoked());
            }
            if (event.conversation() != null) {
                payload.put(EventPayloads.CONVERSATION_ROW, event.conversation().asRow());
                payload.put("fromFolder", event.fromFolder());
                payload.put("toFolder", event.toFolder());
            }
            if (event.message() != null) {
                payload.put("message", event.message());
            }
            if (event.told() != null) {
                payload.put(event.told().field(), event.told().value());
            }
            events.insert(new OutboxEvents.NewEvent(event.wireType(),
                    event.conversation() == null ? null : event.conversation().id(), event.fromFolder(),
                    event.toFolder(), json.writeValueAsString(payload), event.agentIds(), event.timelineEntry()), now);
        }
    }

    private record PendingEvent(EventType type, ConversationResponse conversation, String fromFolder, String toFolder,
            MessageResponse message, Set<Long> agentIds, OutboxEvents.NewTimelineEntry timelineEntry,
            ClientEvent told, CredentialRevoked revoked) {

        String wireType() {
            return revoked != null ? EventPayloads.CREDENTIAL_REVOKED : type.wireName();
        }
    }
}
