package io.helpdeskinbox.assignment;

import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationResponse.AssigneeResponse;
import io.helpdeskinbox.conversation.ConversationResponse.VisitorResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import io.helpdeskinbox.events.EventType;
import io.helpdeskinbox.web.VersionPrecondition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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
 * <p>Lock order, as everywhere: the conversation, then agents in ascending id order. The
 * conversation is locked by its primary key alone (its status is tested after the lock): a locked
 * read by id and status may take the folder index under a generic plan, and slows down as the
 * table grows.
 */
@Repository
class OneStatementTransitions {

    private final JdbcClient jdbc;

    OneStatementTransitions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ConversationResponse> assign(long conversationId, long agentId, VersionPrecondition precondition,
            Cause cause) {
        return apply(ASSIGN, Transition.ASSIGN, ConversationEventType.ASSIGNED, conversationId, agentId,
                precondition, cause);
    }

    Optional<ConversationResponse> transfer(long conversationId, long agentId, VersionPrecondition precondition,
            Cause cause) {
        return apply(TRANSFER, Transition.TRANSFER, ConversationEventType.TRANSFERRED, conversationId, agentId,
                precondition, cause);
    }

    Optional<ConversationResponse> unassign(long conversationId, VersionPrecondition precondition, Cause cause) {
        return apply(UNASSIGN, Transition.UNASSIGN, ConversationEventType.UNASSIGNED, conversationId, null,
                precondition, cause);
    }

    Optional<ConversationResponse> archive(long conversationId, VersionPrecondition precondition, Cause cause) {
        return apply(ARCHIVE, Transition.ARCHIVE, ConversationEventType.ARCHIVED, conversationId, null,
                precondition, cause);
    }

    private Optional<ConversationResponse> apply(String statement, Transition transition, ConversationEventType entry,
            long conversationId, Long agentId, VersionPrecondition precondition, Cause cause) {
        Optional<Set<Long>> versions = precondition.versions();
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
                    .query(OneStatementTransitions::conversation)
                    .optional();
        } catch (DataIntegrityViolationException staleRowVersion) {
            // The statement's snapshot is taken before it waits for the conversation's lock. Where a
            // concurrent change committed meanwhile, PostgreSQL checks the row computed from the version
            // in that snapshot against the CHECK constraints before it re-reads the latest version and
            // computes the row again; that first check can fail though the second would pass. Nothing
            // committed: the entity decides, with a snapshot taken after the lock.
            return Optional.empty();
        }
    }

    private static String array(Collection<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    private static ConversationResponse conversation(ResultSet row, int number) throws SQLException {
        Long assigneeId = row.getObject("assignee_id", Long.class);
        return new ConversationResponse(row.getLong("id"), ConversationStatus.valueOf(row.getString("status")),
                new VisitorResponse(row.getString("visitor_name"), row.getString("visitor_email"),
                        row.getString("visitor_external_id")),
                row.getString("channel"), row.getString("subject"), row.getBoolean("waiting_for_agent"),
                assigneeId == null ? null : new AssigneeResponse(assigneeId, row.getString("assignee_name")),
                instant(row, "waiting_since"), instant(row, "last_message_at"), instant(row, "assigned_at"),
                instant(row, "archived_at"), instant(row, "created_at"), instant(row, "updated_at"),
                row.getLong("version"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
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

    /** An instant as Jackson writes it (ISO-8601 in UTC, the fraction in groups of three digits, none if zero). */
    private static String instantJson(String column) {
        return """
                case when %1$s is null then null else to_char(%1$s at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
                  || case when cast(extract(microseconds from %1$s) as bigint) %% 1000000 = 0 then ''
                          when cast(extract(microseconds from %1$s) as bigint) %% 1000 = 0 then to_char(%1$s at time zone 'UTC', '.MS')
                          else to_char(%1$s at time zone 'UTC', '.US') end
                  || 'Z' end""".formatted(column);
    }

    /** {@link ConversationResponse} as the outbox writes it, built from the changed row. */
    private static final String CONVERSATION_JSON = """
            jsonb_build_object('id', moved.id, 'status', moved.status,
                'visitor', jsonb_build_object('name', moved.visitor_name, 'email', moved.visitor_email,
                                              'externalId', moved.visitor_external_id),
                'channel', moved.channel, 'subject', moved.subject, 'waitingForAgent', moved.waiting_for_agent,
                'assignee', case when moved.assignee_id is null then null
                            else jsonb_build_object('id', moved.assignee_id, 'name', assignee.name) end,
                'waitingSince', %s, 'lastMessageAt', %s, 'assignedAt', %s, 'archivedAt', %s,
                'createdAt', %s, 'updatedAt', %s, 'version', moved.version)""".formatted(
            instantJson("moved.waiting_since"), instantJson("moved.last_message_at"),
            instantJson("moved.assigned_at"), instantJson("moved.archived_at"), instantJson("moved.created_at"),
            instantJson("moved.updated_at"));

    /**
     * The change's timeline entry and its event (as {@code Outbox} writes them: the agents whose
     * counters it moved, as committed), then the changed row for the response.
     */
    private static String recorded(String entryAgent, String entryPreviousAgent) {
        return """
                , entry as (
                    insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
                    select moved.id, :entryType, %s, %s, :reason, :actor, :now from moved),
                event as (
                    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
                    select :eventType, moved.id, lower(movable.status), lower(moved.status),
                           jsonb_build_object('type', cast(:eventType as text), 'at', cast(:at as text),
                               'conversation', %s,
                               'fromFolder', lower(movable.status), 'toFolder', lower(moved.status),
                               'agents', coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name,
                                                      'availability', a.availability,
                                                      'activeConversations', a.active_conversations,
                                                      'active', a.active, 'present', a.present) order by a.id)
                                                   from agent_counters a), cast('[]' as jsonb))),
                           :now
                    from moved cross join movable left join agent_counters assignee on assignee.id = moved.assignee_id)
                select moved.*, assignee.name as assignee_name
                from moved left join agent_counters assignee on assignee.id = moved.assignee_id""".formatted(
                entryAgent, entryPreviousAgent, CONVERSATION_JSON);
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
                    waiting_since = null, released_by_agent_id = null, updated_at = :now, version = version + 1
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
                update conversation set assignee_id = :agentId, previous_assignee_id = conversation.assignee_id,
                    assigned_at = :now, assigned_by_engine = false, awaiting_reply_since = null,
                    updated_at = :now, version = version + 1
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
                    waiting_since = :now, updated_at = :now, version = version + 1
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
