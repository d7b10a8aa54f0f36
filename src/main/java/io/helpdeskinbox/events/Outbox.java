package io.helpdeskinbox.events;

import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.MessageResponse;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 * it commits, the outbox writes the events in the same transaction, with payloads that show the
 * state being committed: the conversation, the affected agents' counters and the folder counts.
 *
 * <p>That last step runs under a transaction-scoped advisory lock and takes the event ids there, so
 * ids are handed out in commit order. Readers (the live stream, webhook fan-out) can then follow
 * {@code id > last seen} without ever missing an event that commits late. The same lock makes the
 * folder-count update free of contention beyond it.
 */
@Component
public class Outbox {

    /** Key of the advisory lock that orders the outbox (distinct from the auto-assignment engine's). */
    static final long OUTBOX_LOCK = 0x1D_B0C5_0B0C_5000L;
    static final String CHANNEL = "inbox_events";

    private final JdbcClient jdbc;
    private final EntityManager entityManager;
    private final JsonMapper json;
    private final Clock clock;

    Outbox(JdbcClient jdbc, EntityManager entityManager, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.entityManager = entityManager;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A conversation moved (or was created: {@code from} null). Its folder counts move by the
     * difference; the agents named see their counters in the payload.
     */
    public void conversationChanged(EventType type, Conversation conversation, ConversationStatus from,
            Long... agentIds) {
        Pending pending = pending();
        pending.moveFolder(from, conversation.getStatus());
        pending.events.add(new PendingEvent(type, conversation, null, agentIds(conversation, agentIds)));
    }

    public void messageCreated(Conversation conversation, MessageResponse message) {
        pending().events.add(new PendingEvent(EventType.MESSAGE_CREATED, conversation, message,
                agentIds(conversation, message.agentId())));
    }

    public void agentUpdated(long agentId) {
        pending().events.add(new PendingEvent(EventType.AGENT_UPDATED, null, null, Set.of(agentId)));
    }

    private static Set<Long> agentIds(Conversation conversation, Long... more) {
        Set<Long> ids = new LinkedHashSet<>();
        if (conversation.getAssigneeId() != null) {
            ids.add(conversation.getAssigneeId());
        }
        for (Long id : more) {
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    private Pending pending() {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                throw new IllegalStateException("events are recorded inside the transaction of their change");
            }
            Pending created = new Pending();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    write(created);
                }

                /** Let go at once: work that runs after this commit, in a transaction of its own, records anew. */
                @Override
                public void afterCommit() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
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
     * One statement per event. The first takes the outbox lock, moves the folder counts (an UPDATE
     * sees the latest committed counts, whatever this statement's snapshot), and only then draws the
     * event id; the rest read the counts this transaction already moved. Each statement also builds
     * the agents' counters into the payload, fans the event out to webhook deliveries and queues the
     * NOTIFY that wakes every instance's stream, which PostgreSQL delivers when (and only if) this
     * commits. The lock is held from the first statement to the commit, so keep this the last step.
     */
    private void write(Pending pending) {
        if (pending.events.isEmpty()) {
            return;
        }
        entityManager.flush();
        Instant now = clock.instant();
        boolean first = true;
        for (PendingEvent event : pending.events) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("type", event.type().wireName());
            payload.put("at", now);
            if (event.conversation() != null) {
                payload.put("conversation", ConversationResponse.of(event.conversation()));
            }
            if (event.message() != null) {
                payload.put("message", event.message());
            }
            jdbc.sql((first ? FIRST_EVENT : NEXT_EVENT).formatted(CHANNEL))
                    .param("unassigned", pending.delta(ConversationStatus.UNASSIGNED))
                    .param("assigned", pending.delta(ConversationStatus.ASSIGNED))
                    .param("archived", pending.delta(ConversationStatus.ARCHIVED))
                    .param("agentIds", event.agentIds().stream().map(String::valueOf)
                            .collect(Collectors.joining(",", "{", "}")))
                    .param("type", event.type().wireName())
                    .param("conversationId", event.conversation() == null ? null : event.conversation().getId())
                    .param("payload", json.writeValueAsString(payload)).param("now", Timestamp.from(now))
                    .query(Boolean.class).single();
            first = false;
        }
    }

    /** The folders CTE of the transaction's first event: the lock, then the counts moved. */
    private static final String FIRST_FOLDERS = """
            with outbox_lock as (select pg_advisory_xact_lock(%d)),
            folders as (
                update folder_count set unassigned = unassigned + :unassigned, assigned = assigned + :assigned,
                                        archived = archived + :archived
                from outbox_lock
                where folder_count.id = 1 -- the single row, which also tells the planner so
                returning unassigned, assigned, archived),
            """.formatted(OUTBOX_LOCK);

    /** Later events of the same transaction: the counts it already moved. */
    private static final String NEXT_FOLDERS = """
            with folders as (select unassigned, assigned, archived from folder_count where id = 1),
            """;

    private static final String EVENT = """
            agents as (
                select coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name, 'availability', availability,
                                          'activeConversations', active_conversations, 'active', active)
                                          order by id), '[]'::jsonb) as list
                from agent where id = any(cast(:agentIds as bigint[]))),
            next as (select nextval('outbox_event_id') as id from folders),
            event as (
                insert into outbox_event (id, type, conversation_id, payload, created_at)
                select next.id, :type, :conversationId,
                       jsonb_build_object('id', next.id) || cast(:payload as jsonb)
                       || jsonb_build_object('agents', agents.list, 'folderCounts', jsonb_build_object(
                              'unassigned', folders.unassigned, 'assigned', folders.assigned,
                              'archived', folders.archived,
                              'all', folders.unassigned + folders.assigned + folders.archived)),
                       :now
                from next, agents, folders
                returning id),
            deliveries as (
                insert into webhook_delivery (webhook_id, event_id, state, next_attempt_at, created_at)
                select webhook.id, event.id, 'PENDING', :now, :now from webhook, event
                where webhook.active and (cardinality(webhook.events) = 0 or :type = any(webhook.events)))
            select pg_notify('%s', event.id::text) is not null from event""";

    private static final String FIRST_EVENT = FIRST_FOLDERS + EVENT;
    private static final String NEXT_EVENT = NEXT_FOLDERS + EVENT;

    private record PendingEvent(EventType type, Conversation conversation, MessageResponse message, Set<Long> agentIds) {
    }

    /** What one transaction has recorded so far. */
    private static final class Pending {
        final List<PendingEvent> events = new ArrayList<>();
        final Map<ConversationStatus, Long> folderDelta = new EnumMap<>(ConversationStatus.class);

        void moveFolder(ConversationStatus from, ConversationStatus to) {
            if (from != null) {
                folderDelta.merge(from, -1L, Long::sum);
            }
            folderDelta.merge(to, 1L, Long::sum);
        }

        long delta(ConversationStatus folder) {
            return folderDelta.getOrDefault(folder, 0L);
        }
    }
}
