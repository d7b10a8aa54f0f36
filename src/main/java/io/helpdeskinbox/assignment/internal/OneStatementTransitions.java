package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import io.helpdeskinbox.events.EventPayloads;
import io.helpdeskinbox.events.EventType;
import io.helpdeskinbox.conversation.ExpectedVersion;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manual transitions that can be decided from the conversation's row alone, each as one
 * autocommit statement: lock the conversation by its primary key, check that the transition starts
 * from its status ({@link Transition#from()}, the one state machine) and that its version meets
 * {@code If-Match}, move the agents' counters (a receiving agent only while active), change the row
 * as the entity's transition would, and write the timeline entry and the event with it. One round
 * trip instead of six: on two shared cores that is most of what an action costs.
 *
 * <p>An empty result means nothing changed: the statement only succeeds where the transition
 * certainly applies, and the caller leaves every other case (a no-op, a 409, a 412, an unknown or
 * inactive agent, a missing conversation, a race PostgreSQL could not settle inside the statement)
 * to the entity. {@code OneStatementTransitionsIT} holds each statement to what the entity's
 * transition writes, column by column, entry and event included.
 *
 * <p>Under concurrency: the statement's snapshot is taken before it waits for the conversation's
 * lock, but the locked read returns the version that holds once the lock is granted, and each
 * update computes its row again from the latest version when a concurrent commit changed it (READ
 * COMMITTED's re-check). So the status tested, the counters moved and the row written are those of
 * the committed state the lock protects, as in the entity's transaction.
 *
 * <p>Each update sets every column a CHECK ties to the status it leaves the row in, the ones that
 * already hold in the locked version too (a transfer's status, an assignment's {@code archived_at}):
 * PostgreSQL checks the row it first computes from the statement's snapshot, which may be an older
 * version of the conversation than the one locked, and a column left to that version could fail a
 * CHECK and send the transition to the entity though it applies.
 *
 * <p>Lock order, as everywhere: the conversation, then agents in ascending id order. The
 * conversation is locked by its primary key alone (its status is tested after the lock): a locked
 * read by id and status may take the folder index under a generic plan, and slows down as the
 * table grows.
 */
@Repository
class OneStatementTransitions {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OneStatementTransitions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Optional<ConversationResponse> assign(long conversationId, long agentId, ExpectedVersion expected,
            Cause cause) {
        return apply(ASSIGN, Transition.ASSIGN, ConversationEventType.ASSIGNED, conversationId, agentId,
                expected, cause);
    }

    Optional<ConversationResponse> transfer(long conversationId, long agentId, ExpectedVersion expected,
            Cause cause) {
        return apply(TRANSFER, Transition.TRANSFER, ConversationEventType.TRANSFERRED, conversationId, agentId,
                expected, cause);
    }

    Optional<ConversationResponse> unassign(long conversationId, ExpectedVersion expected, Cause cause) {
        return apply(UNASSIGN, Transition.UNASSIGN, ConversationEventType.UNASSIGNED, conversationId, null,
                expected, cause);
    }

    Optional<ConversationResponse> archive(long conversationId, ExpectedVersion expected, Cause cause) {
        return apply(ARCHIVE, Transition.ARCHIVE, ConversationEventType.ARCHIVED, conversationId, null,
                expected, cause);
    }

    private Optional<ConversationResponse> apply(String statement, Transition transition, ConversationEventType entry,
            long conversationId, Long agentId, ExpectedVersion expected, Cause cause) {
        Optional<Set<Long>> versions = expected.accepted();
        try {
            return jdbc.sql(statement)
                    .param("id", conversationId)
                    .param("agentId", agentId)
                    .param("sources", array(transition.from().stream().map(ConversationStatus::name).toList()))
                    .param("anyVersion", versions.isEmpty())
                    .param("versions", array(versions.orElse(Set.of())))
                    .param("entryType", entry.name())
                    .param("eventType", EventType.of(entry).wireName())
                    .param("reason", cause.reason().name())
                    .param("actor", cause.actor())
                    .param("now", Timestamp.from(cause.at()))
                    .param("at", cause.at().toString()) // ISO-8601 as Jackson writes an Instant
                    .query(String.class)
                    .optional()
                    .map(row -> ConversationResponse.ofRow(json.readTree(row)));
        } catch (DataIntegrityViolationException staleRowVersion) {
            // The statement's snapshot is taken before it waits for the conversation's lock. Where a
            // concurrent change committed meanwhile, PostgreSQL checks the row computed from the version
            // in that snapshot against the CHECK constraints before it re-reads the latest version and
            // computes the row again; that first check can fail though the second would pass. Nothing
            // committed: the entity decides, with a snapshot taken after the lock.
            return Optional.empty();
        }
    }

    /** A PostgreSQL array literal of these values, for a parameter cast to an array type. */
    static String array(Collection<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /** The conversation, locked by primary key; {@code movable} holds it only if the transition starts here. */
    private static final String LOCK = """
            with locked as (
                select id, status, assignee_id, version from conversation where id = :id for no key update),
            movable as (
                select id, status, assignee_id from locked
                where status = any(cast(:sources as text[]))
                  and (cast(:anyVersion as boolean) or version = any(cast(:versions as bigint[]))))
            """;

    /**
     * The change's timeline entry and its event, then the changed row for the response. The event
     * stores the changed row as {@code to_jsonb} writes it, with the agents whose counters moved as
     * committed; the events module shapes the row into the API's conversation where it delivers the
     * event ({@code EventPayloads}), and the response is shaped from the same row here
     * ({@link ConversationResponse#ofRow}). Building the API's JSON in this statement, under its row
     * locks, cost a fifth of its throughput at 32 clients (BENCHMARKS.md).
     */
    private static String recorded(String entryAgent, String entryPreviousAgent) {
        return """
                , changed as (
                    select moved.id, movable.status as from_status, moved.status,
                           to_jsonb(moved) || jsonb_build_object('assignee_name', assignee.name) as row
                    from moved cross join movable left join agent_counters assignee on assignee.id = moved.assignee_id),
                entry as (
                    insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
                    select moved.id, :entryType, %s, %s, :reason, :actor, :now from moved),
                event as (
                    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
                    select :eventType, changed.id, lower(changed.from_status), lower(changed.status),
                           jsonb_build_object('type', cast(:eventType as text), 'at', cast(:at as text),
                               '%s', changed.row,
                               'fromFolder', lower(changed.from_status), 'toFolder', lower(changed.status),
                               'agents', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name,
                                                      'availability', a.availability,
                                                      'activeConversations', a.active_conversations,
                                                      'active', a.active, 'present', a.present) order by a.id)
                                                   from agent_counters a), cast('[]' as jsonb))),
                           :now
                    from changed)
                select cast(row as text) as row from changed""".formatted(entryAgent, entryPreviousAgent,
                EventPayloads.CONVERSATION_ROW);
    }

    /** Only to an active agent: the increment is the arbiter, as in {@code AgentCounters.incrementIfActive}. */
    private static final String ASSIGN = LOCK + """
            , agent_counters as (
                update agent set active_conversations = active_conversations + 1, last_assigned_at = :now
                where id = :agentId and active and exists (select 1 from movable)
                returning id, name, availability, active_conversations, active, present),
            moved as (
                update conversation set status = 'ASSIGNED', assignee_id = :agentId, assigned_at = :now,
                    assigned_by_engine = false, awaiting_reply_since = null, waiting_for_agent = false,
                    waiting_since = null, archived_at = null, released_by_agent_id = null, updated_at = :now,
                    version = version + 1
                where id = (select id from movable) and exists (select 1 from agent_counters)
                returning conversation.*)
            """ + recorded("moved.assignee_id", "null");

    /**
     * Both agents locked in id order first, as {@code AgentCounters.move} does; the counters move only
     * if the receiving agent, locked, is active, so a refused transfer changes nothing.
     */
    private static final String TRANSFER = LOCK + """
            , agents as (
                select id, active from agent
                where id in ((select assignee_id from movable), :agentId)
                  and exists (select 1 from movable where assignee_id <> :agentId)
                order by id for no key update),
            agent_counters as (
                update agent set active_conversations = active_conversations + case when agent.id = :agentId then 1 else -1 end,
                    last_assigned_at = case when agent.id = :agentId then :now else agent.last_assigned_at end
                from agents where agent.id = agents.id
                  and coalesce((select receiving.active from agents receiving where receiving.id = :agentId), false)
                returning agent.id, agent.name, agent.availability, agent.active_conversations, agent.active, agent.present),
            moved as (
                update conversation set status = 'ASSIGNED', assignee_id = :agentId,
                    previous_assignee_id = conversation.assignee_id, assigned_at = :now, assigned_by_engine = false,
                    awaiting_reply_since = null, waiting_since = null, archived_at = null, updated_at = :now,
                    version = version + 1
                where id = (select id from movable) and exists (select 1 from agent_counters where id = :agentId)
                returning conversation.*)
            """ + recorded("moved.assignee_id", "moved.previous_assignee_id");

    /** Back into the queue; not straight back to the agent who let it go. */
    private static final String UNASSIGN = LOCK + """
            , agent_counters as (
                update agent set active_conversations = active_conversations - 1
                from movable where agent.id = movable.assignee_id
                returning agent.id, agent.name, agent.availability, agent.active_conversations, agent.active, agent.present),
            moved as (
                update conversation set status = 'UNASSIGNED', previous_assignee_id = conversation.assignee_id,
                    released_by_agent_id = conversation.assignee_id, assignee_id = null, assigned_at = null,
                    assigned_by_engine = false, awaiting_reply_since = null, waiting_for_agent = true,
                    waiting_since = :now, archived_at = null, updated_at = :now, version = version + 1
                where id = (select id from movable)
                returning conversation.*)
            """ + recorded("null", "moved.previous_assignee_id");

    /** The assignee stays on the archived conversation, as the agent who handled it; its counter drops. */
    private static final String ARCHIVE = LOCK + """
            , agent_counters as (
                update agent set active_conversations = active_conversations - 1
                from movable where agent.id = movable.assignee_id and movable.status = 'ASSIGNED'
                returning agent.id, agent.name, agent.availability, agent.active_conversations, agent.active, agent.present),
            moved as (
                update conversation set status = 'ARCHIVED', archived_at = :now, assigned_by_engine = false,
                    awaiting_reply_since = null, waiting_for_agent = false, waiting_since = null,
                    released_by_agent_id = null, updated_at = :now, version = version + 1
                where id = (select id from movable)
                returning conversation.*)
            """ + recorded("moved.assignee_id", "null");
}
