package io.helpdeskinbox.assignment;

import static io.helpdeskinbox.assignment.OneStatementTransitions.array;

import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.events.EventPayloads;
import io.helpdeskinbox.events.EventType;
import io.helpdeskinbox.security.CurrentCaller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of one engine batch, in the batch's transaction: the engine lock and the settings, the
 * longest-waiting conversations and the agents with room (both locked), then every decision of the
 * batch applied in one statement: the counters, the conversations, their timeline entries and their
 * events. A handful of round trips per batch, not several per conversation.
 *
 * <p>Lock order, as everywhere: conversations, then agents in ascending id order. Waiting
 * conversations are claimed with {@code skip locked}: one a transition is changing right now is
 * passed over (its own commit asks for a round). Agents with room are waited for: a transition
 * holding one commits within its statement, and the batch must read the counter that holds at its
 * own commit for BALANCED to be exact.
 */
@Repository
class AutoAssignmentBatches {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AutoAssignmentBatches(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The settings as the batch decides with them. */
    record Settings(boolean autoAssignment, AssignmentStrategy strategy, Integer defaultCapacity, boolean presence) {
    }

    /**
     * Takes the engine lock, held to the end of the transaction: batches of every instance decide
     * one at a time, each seeing the counters the previous one committed, which is what makes
     * BALANCED exact across instances. Only engine batches take it; no transition waits for it.
     */
    Settings lockEngine() {
        return jdbc.sql("""
                        select s.auto_assignment, s.strategy, s.default_capacity, s.presence
                        from assignment_settings s, (select pg_advisory_xact_lock(%d)) engine
                        where s.id = 1""".formatted(AutoAssignmentQueue.ENGINE_LOCK))
                .query((rs, row) -> new Settings(rs.getBoolean(1), AssignmentStrategy.valueOf(rs.getString(2)),
                        (Integer) rs.getObject(3), rs.getBoolean(4)))
                .single();
    }

    /** Up to {@code limit} conversations in queue order, locked; those passed over earlier in the round left out. */
    List<BatchDecisions.Waiting> claimWaiting(int limit, Collection<Long> passedOver) {
        return jdbc.sql("""
                        select id, released_by_agent_id, waiting_since from conversation
                        where status = 'UNASSIGNED' and waiting_for_agent and id <> all(cast(:passedOver as bigint[]))
                        order by waiting_since, id
                        limit :limit
                        for no key update skip locked""")
                .param("passedOver", array(passedOver)).param("limit", limit)
                .query((rs, row) -> new BatchDecisions.Waiting(rs.getLong(1), (Long) rs.getObject(2),
                        rs.getTimestamp(3).toInstant()))
                .list();
    }

    /** Every agent who may receive conversations automatically and has room, locked in id order. */
    List<BatchDecisions.EligibleAgent> lockEligibleAgents(Settings settings) {
        return jdbc.sql("""
                        select id, active_conversations,
                               coalesce(capacity, cast(:defaultCapacity as integer)) - active_conversations as room,
                               last_assigned_at, auto_assignment_turn
                        from agent
                        where active and availability = 'ONLINE' and (present or not :presence)
                          and (coalesce(capacity, cast(:defaultCapacity as integer)) is null
                               or active_conversations < coalesce(capacity, cast(:defaultCapacity as integer)))
                        order by id
                        for no key update""")
                .param("defaultCapacity", settings.defaultCapacity()).param("presence", settings.presence())
                .query((rs, row) -> {
                    Timestamp lastAssigned = rs.getTimestamp(4);
                    return new BatchDecisions.EligibleAgent(rs.getLong(1), rs.getInt(2), (Integer) rs.getObject(3),
                            lastAssigned == null ? null : lastAssigned.toInstant(), (Long) rs.getObject(5));
                })
                .list();
    }

    /**
     * Applies the batch's decisions in one statement and returns each conversation as it left it, in
     * decision order. An agent's last assignment is {@code now} plus its last decision's step in
     * microseconds, and its turn the sequence's value for that step, so the next batch ranks the
     * agents of this one as the decisions did.
     */
    List<ConversationResponse> apply(BatchDecisions.Batch batch, EventReason reason, Instant now) {
        List<BatchDecisions.Decision> decisions = batch.decisions();
        List<BatchDecisions.AgentOutcome> agents = batch.agents();
        List<Long> turns = jdbc.sql("select nextval('agent_auto_assignment_turn') from generate_series(1, :steps)")
                .param("steps", decisions.size()).query(Long.class).list();
        return jdbc.sql(APPLY)
                .param("conversationIds", array(decisions.stream().map(d -> d.conversation().conversationId()).toList()))
                .param("agentIds", array(decisions.stream().map(BatchDecisions.Decision::agentId).toList()))
                .param("givenAgentIds", array(agents.stream().map(BatchDecisions.AgentOutcome::agentId).toList()))
                .param("received", array(agents.stream().map(BatchDecisions.AgentOutcome::received).toList()))
                .param("lastAssignedAts", array(agents.stream()
                        .map(agent -> now.plusNanos(agent.lastStep() * 1_000L).toString())
                        .toList()))
                .param("turns", array(agents.stream().map(agent -> turns.get(agent.lastStep())).toList()))
                .param("reason", reason.name())
                .param("actor", CurrentCaller.SYSTEM)
                .param("eventType", EventType.CONVERSATION_ASSIGNED.wireName())
                .param("now", Timestamp.from(now))
                .param("at", now.toString()) // ISO-8601 as Jackson writes an Instant
                .query(String.class)
                .list().stream()
                .map(row -> ConversationResponse.ofRow(json.readTree(row)))
                .toList();
    }

    /**
     * The counters first (agents in id order, the lock order), then the conversations, each set as
     * the entity's automatic assignment sets it; the timeline entries and the events last, in
     * decision order. Each event carries its agent's counter as this batch commits it.
     */
    private static final String APPLY = """
            with decided as (
                select * from unnest(cast(:conversationIds as bigint[]), cast(:agentIds as bigint[]))
                    with ordinality as d(conversation_id, agent_id, step)),
            given as (
                select * from unnest(cast(:givenAgentIds as bigint[]), cast(:received as integer[]),
                                     cast(:lastAssignedAts as timestamptz[]), cast(:turns as bigint[]))
                    as g(agent_id, received, last_assigned_at, turn)),
            agent_counters as (
                update agent set active_conversations = active_conversations + given.received,
                    last_assigned_at = given.last_assigned_at, auto_assignment_turn = given.turn
                from given where agent.id = given.agent_id
                returning agent.id, agent.name, agent.availability, agent.active_conversations, agent.active, agent.present),
            moved as (
                update conversation set status = 'ASSIGNED', assignee_id = decided.agent_id, assigned_at = :now,
                    assigned_by_engine = true, awaiting_reply_since = :now, waiting_for_agent = false,
                    waiting_since = null, archived_at = null, released_by_agent_id = null, updated_at = :now,
                    version = version + 1
                from decided where conversation.id = decided.conversation_id
                returning conversation.*),
            changed as (
                select moved.id, moved.assignee_id, decided.step,
                       to_jsonb(moved) || jsonb_build_object('assignee_name', assignee.name) as row
                from moved join decided on decided.conversation_id = moved.id
                join agent_counters assignee on assignee.id = moved.assignee_id),
            entry as (
                insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
                select changed.id, 'ASSIGNED', changed.assignee_id, null, :reason, :actor, :now
                from changed order by changed.step),
            event as (
                insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
                select :eventType, changed.id, 'unassigned', 'assigned',
                       jsonb_build_object('type', cast(:eventType as text), 'at', cast(:at as text),
                           '%s', changed.row, 'fromFolder', 'unassigned', 'toFolder', 'assigned',
                           'agents', jsonb_build_array(jsonb_build_object('id', a.id, 'name', a.name,
                               'availability', a.availability, 'activeConversations', a.active_conversations,
                               'active', a.active, 'present', a.present))),
                       :now
                from changed join agent_counters a on a.id = changed.assignee_id
                order by changed.step)
            select cast(row as text) from changed order by step""".formatted(EventPayloads.CONVERSATION_ROW);
}
