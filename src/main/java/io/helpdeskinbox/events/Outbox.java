package io.helpdeskinbox.events;

import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationEvent;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.MessageResponse;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox. Services record what changed while their transaction runs; just before
 * it commits, the outbox inserts the events in the same transaction, with payloads that show the
 * state each change made: the conversation with its new version, the folders it left and entered,
 * and the counters, as committed, of the agents whose counters this transaction moved.
 *
 * <p>An insert takes no lock and touches no shared row: each event is stamped with its writer's
 * transaction id, and the relay ({@link OutboxRelay}) orders what has committed. Inserting last,
 * after every row lock the transaction takes, is what makes the event id order sound within a tick
 * (see {@link OutboxTicks}). Once committed, this instance's relay is woken at once.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final EntityManager entityManager;
    private final JsonMapper json;
    private final Clock clock;
    private final OutboxRelay relay;

    Outbox(JdbcClient jdbc, EntityManager entityManager, JsonMapper json, Clock clock, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.entityManager = entityManager;
        this.json = json;
        this.clock = clock;
        this.relay = relay;
    }

    /**
     * A conversation moved from one folder to another (or was created: {@code from} null, or changed
     * within its folder: {@code from} its status). {@code movedCounters} are the agents whose
     * counters this transaction changed.
     */
    public void conversationChanged(EventType type, Conversation conversation, ConversationStatus from,
            ConversationEvent timelineEntry, Long... movedCounters) {
        pending().add(new PendingEvent(type, snapshot(conversation), folder(from), folder(conversation.getStatus()),
                null, agentIds(movedCounters), timelineEntry));
    }

    public void messageCreated(Conversation conversation, MessageResponse message) {
        String folder = folder(conversation.getStatus());
        pending().add(new PendingEvent(EventType.MESSAGE_CREATED, snapshot(conversation), folder, folder, message,
                Set.of(), null));
    }

    /**
     * The conversation right after this change, with the version it gives it: flushed first, so two
     * changes of one conversation in one transaction (a reopen handed straight back) are two versions.
     */
    private ConversationResponse snapshot(Conversation conversation) {
        entityManager.flush();
        return ConversationResponse.of(conversation);
    }

    public void agentUpdated(long agentId) {
        pending().add(new PendingEvent(EventType.AGENT_UPDATED, null, null, null, null, Set.of(agentId), null));
    }

    /** Folders by the names the API gives them ({@code ?folder=unassigned}). */
    private static String folder(ConversationStatus status) {
        return status == null ? null : status.name().toLowerCase(Locale.ROOT);
    }

    private static Set<Long> agentIds(Long... ids) {
        Set<Long> set = new LinkedHashSet<>();
        for (Long id : ids) {
            if (id != null) {
                set.add(id);
            }
        }
        return set;
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

    /**
     * One insert per event. The agents' counters are read in the same statement, so the payload
     * shows what this transaction commits (it holds those agents' row locks). The event's id and its
     * position are not in the stored payload: the position is known only once a tick holds it.
     */
    private void write(List<PendingEvent> pending) {
        if (pending.isEmpty()) {
            return;
        }
        entityManager.flush(); // the counters the payloads read below are those the transaction commits
        Instant now = clock.instant();
        for (PendingEvent event : pending) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("type", event.type().wireName());
            payload.put("at", now);
            if (event.conversation() != null) {
                payload.put("conversation", event.conversation());
                payload.put("fromFolder", event.fromFolder());
                payload.put("toFolder", event.toFolder());
            }
            if (event.message() != null) {
                payload.put("message", event.message());
            }
            ConversationEvent entry = event.timelineEntry();
            jdbc.sql(entry == null ? INSERT_EVENT : INSERT_TIMELINE_ENTRY_AND_EVENT)
                    .params(entry == null ? Map.of() : timelineParameters(entry))
                    .param("type", event.type().wireName())
                    .param("conversationId", event.conversation() == null ? null : event.conversation().id())
                    .param("fromFolder", event.fromFolder()).param("toFolder", event.toFolder())
                    .param("payload", json.writeValueAsString(payload))
                    .param("agentIds", event.agentIds().stream().map(String::valueOf)
                            .collect(Collectors.joining(",", "{", "}")))
                    .param("now", Timestamp.from(now))
                    .update();
        }
    }

    private static Map<String, Object> timelineParameters(ConversationEvent entry) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("entryType", entry.getType().name());
        parameters.put("entryAgentId", entry.getAgentId());
        parameters.put("entryPreviousAgentId", entry.getPreviousAgentId());
        parameters.put("entryReason", entry.getReason().name());
        parameters.put("entryActor", entry.getActor());
        parameters.put("entryAt", Timestamp.from(entry.getAt()));
        return parameters;
    }

    private static final String INSERT_EVENT = """
            insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
            select :type, :conversationId, :fromFolder, :toFolder,
                   cast(:payload as jsonb) || jsonb_build_object('agents', coalesce(
                       jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name, 'availability', a.availability,
                                                    'activeConversations', a.active_conversations,
                                                    'active', a.active) order by a.id), '[]'::jsonb)),
                   :now
            from agent a where a.id = any(cast(:agentIds as bigint[]))""";

    /** The change's entry in the conversation's timeline and its event, in one round trip. */
    private static final String INSERT_TIMELINE_ENTRY_AND_EVENT = """
            with timeline_entry as (
                insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
                values (:conversationId, :entryType, :entryAgentId, :entryPreviousAgentId, :entryReason, :entryActor,
                        :entryAt))
            """ + INSERT_EVENT;

    private record PendingEvent(EventType type, ConversationResponse conversation, String fromFolder, String toFolder,
            MessageResponse message, Set<Long> agentIds, ConversationEvent timelineEntry) {
    }
}
