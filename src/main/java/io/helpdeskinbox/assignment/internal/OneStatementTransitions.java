package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.agent.CounterStatements;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationChanged;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatements;
import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.helpdeskinbox.infrastructure.PostgresArrays;
import io.helpdeskinbox.outbox.EventType;
import io.helpdeskinbox.outbox.TransitionRecords;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manual transitions that can be decided from the conversation's row alone, each as one
 * autocommit statement: lock the conversation by its primary key, check that the transition starts
 * from its status ({@link Transition#from()}, the one state machine) and that its version meets
 * {@code If-Match}, move the agents' counters (a receiving agent only while active), change the row
 * as the transition declares ({@code TransitionEffects}, which the entity applies too), and write the
 * timeline entry and the event with it. One round trip instead of six: on two shared cores that is
 * most of what an action costs. Each table's part comes from the module that owns it
 * ({@link CounterStatements}, {@link ConversationStatements}, {@link TransitionRecords}); this class
 * only joins them.
 *
 * <p>A transition that committed is announced as the entity announces it ({@link ConversationChanged}),
 * once committed: its statement recorded it already.
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
    private final JsonMapper json;
    private final ApplicationEventPublisher announcements;

    OneStatementTransitions(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher announcements) {
        this.jdbc = jdbc;
        this.json = json;
        this.announcements = announcements;
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
            Optional<Changed> changed = jdbc.sql(statement)
                    .param("id", conversationId)
                    .param("agentId", agentId)
                    .param("sources", PostgresArrays.literal(transition.from().stream().map(ConversationStatus::name).toList()))
                    .param("anyVersion", versions.isEmpty())
                    .param("versions", PostgresArrays.literal(versions.orElse(Set.of())))
                    .param("entryType", entry.name())
                    .param("eventType", EventType.of(entry).wireName())
                    .param("reason", cause.reason().name())
                    .param("actor", cause.actor())
                    .param("now", Timestamp.from(cause.at()))
                    .param("at", cause.at().toString()) // ISO-8601 as Jackson writes an Instant
                    .query((rs, row) -> new Changed(rs.getString("row"), rs.getString("from_status"),
                            (Long) rs.getObject("entry_agent_id"), (Long) rs.getObject("entry_previous_agent_id")))
                    .optional();
            return changed.map(committed -> announced(committed, entry, cause));
        } catch (DataIntegrityViolationException staleRowVersion) {
            // The statement's snapshot is taken before it waits for the conversation's lock. Where a
            // concurrent change committed meanwhile, PostgreSQL checks the row computed from the version
            // in that snapshot against the CHECK constraints before it re-reads the latest version and
            // computes the row again; that first check can fail though the second would pass. Nothing
            // committed: the entity decides, with a snapshot taken after the lock.
            return Optional.empty();
        }
    }

    /** What the statement returns: the changed row, and what its timeline entry says of the change. */
    private record Changed(String row, String fromStatus, Long agentId, Long previousAgentId) {
    }

    /** Once committed (the statement committed by itself), as the entity would have announced it. */
    private ConversationResponse announced(Changed changed, ConversationEventType entry, Cause cause) {
        ConversationResponse conversation = ConversationResponse.ofRow(json.readTree(changed.row()));
        announcements.publishEvent(ConversationChanged.of(entry, conversation.id(),
                ConversationStatus.valueOf(changed.fromStatus()), changed.agentId(), changed.previousAgentId(), cause));
        return conversation;
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
     * The changed row for the response, with what the timeline and the event record of it: the event
     * holds the agents whose counters moved, as committed. The response is shaped from the same row
     * here ({@link ConversationResponse#ofRow}), the event's conversation where it is delivered.
     */
    private static String recorded(String entryAgent, String entryPreviousAgent) {
        return """
                , changed as (
                    select moved.id, 1 as step, movable.status as from_status, moved.status,
                           %s as row,
                           cast(%s as bigint) as entry_agent_id, cast(%s as bigint) as entry_previous_agent_id,
                           %s as agents
                    from moved cross join movable left join agent_counters assignee on assignee.id = moved.assignee_id),
                %s
                select cast(row as text) as row, from_status, entry_agent_id, entry_previous_agent_id
                from changed""".formatted(ConversationStatements.row("moved", "assignee.name"), entryAgent,
                entryPreviousAgent,
                TransitionRecords.agents("agent_counters", "true"), TransitionRecords.recorded("changed"));
    }

    /** Only to an active agent: the increment is the arbiter. */
    private static final String ASSIGN = LOCK
            + ", agent_counters as (" + CounterStatements.takeOne("exists (select 1 from movable)")
            + CounterStatements.RETURNING_COUNTERS + "),\n"
            + "moved as (" + ConversationStatements.update(Transition.ASSIGN, false, ":agentId", null,
                    "id = (select id from movable) and exists (select 1 from agent_counters)") + ")\n"
            + recorded("moved.assignee_id", "null");

    /** Both agents locked in id order first; the counters move only if the receiving agent, locked, is active. */
    private static final String TRANSFER = LOCK
            + ", agents as (" + CounterStatements.lockTransferring("(select assignee_id from movable)", ":agentId",
                    "exists (select 1 from movable where assignee_id <> :agentId)") + "),\n"
            + "agent_counters as (" + CounterStatements.transfer("agents", ":agentId")
            + CounterStatements.RETURNING_COUNTERS + "),\n"
            + "moved as (" + ConversationStatements.update(Transition.TRANSFER, false, ":agentId", null,
                    "id = (select id from movable) and exists (select 1 from agent_counters where id = :agentId)") + ")\n"
            + recorded("moved.assignee_id", "moved.previous_assignee_id");

    /** Back into the queue; not straight back to the agent who let it go. */
    private static final String UNASSIGN = LOCK
            + ", agent_counters as (" + CounterStatements.releaseOne("movable", "movable.assignee_id", "true")
            + CounterStatements.RETURNING_COUNTERS + "),\n"
            + "moved as (" + ConversationStatements.update(Transition.UNASSIGN, false, null, null,
                    "id = (select id from movable)") + ")\n"
            + recorded("null", "moved.previous_assignee_id");

    /** The assignee stays on the archived conversation, as the agent who handled it; its counter drops. */
    private static final String ARCHIVE = LOCK
            + ", agent_counters as (" + CounterStatements.releaseOne("movable", "movable.assignee_id",
                    "movable.status = 'ASSIGNED'") + CounterStatements.RETURNING_COUNTERS + "),\n"
            + "moved as (" + ConversationStatements.update(Transition.ARCHIVE, false, null, null,
                    "id = (select id from movable)") + ")\n"
            + recorded("moved.assignee_id", "null");
}
