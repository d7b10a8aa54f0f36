package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import io.helpdeskinbox.agent.CounterStatements;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatements;
import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.conversation.Priority;
import io.helpdeskinbox.infrastructure.PostgresArrays;
import io.helpdeskinbox.outbox.EventType;
import io.helpdeskinbox.outbox.TransitionRecords;
import io.helpdeskinbox.security.CurrentCaller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of one engine batch, in the batch's transaction: one statement takes the engine lock,
 * reads the settings and locks the longest-waiting conversations and the agents with room (two more
 * when another instance's batch holds the lock); one more applies every decision of the batch: the
 * counters, the conversations, their timeline entries and their events. Two round trips per batch,
 * whatever its size, when the batches of other instances leave the lock free.
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

    /** What a batch holds once it has claimed: the waiting conversations, in queue order, and the agents who may take them. */
    record Claim(List<BatchDecisions.Waiting> waiting, List<BatchDecisions.EligibleAgent> eligible) {
    }

    /**
     * Takes the engine lock (held to the end of the transaction), reads the settings, claims up to
     * {@code limit} conversations in queue order (those passed over earlier in the round left out)
     * that someone may take now, and, when it claimed any, locks every agent who may take one of
     * them, in id order: one statement when the lock is free, three when another batch holds it.
     *
     * <p>The engine lock makes the batches of every instance decide one at a time; only batches take
     * it, no transition waits for it. The claim only tries the lock: a statement's snapshot is taken
     * when it starts, so a claim that waited for the lock inside it would miss every conversation
     * that started waiting meanwhile, and those would wait for a batch more. When another batch
     * holds the lock, a statement of its own waits for it, and the claim runs again, in a snapshot
     * taken after that batch's commit. The locks make it exact as well: a conversation the previous
     * batch assigned is locked in its newest version, which no longer waits, and skipped; an agent it
     * gave conversations to is read, once locked, with the counter, last assignment and turn that
     * batch committed. Parts of a {@code union all} run in order: the lock, then the conversations,
     * then the agents (the lock order everywhere: conversations, then agents in ascending id order).
     */
    Claim claim(int limit, Collection<Long> passedOver) {
        Claim claim = tryClaim(limit, passedOver);
        if (claim != null) {
            return claim;
        }
        jdbc.sql("select pg_advisory_xact_lock(" + AutoAssignmentQueue.ENGINE_LOCK + ")").query(rs -> { });
        return Objects.requireNonNull(tryClaim(limit, passedOver), "the transaction holds the engine lock");
    }

    /** @return the claim, or null when another transaction holds the engine lock (nothing claimed) */
    private Claim tryClaim(int limit, Collection<Long> passedOver) {
        boolean[] locked = new boolean[1];
        List<BatchDecisions.Waiting> waiting = new ArrayList<>();
        List<BatchDecisions.EligibleAgent> eligible = new ArrayList<>();
        jdbc.sql(CLAIM).param("passedOver", PostgresArrays.literal(passedOver)).param("limit", limit).query(rs -> {
            switch (rs.getInt("part")) {
                case 0 -> locked[0] = rs.getBoolean("locked");
                case 1 -> waiting.add(new BatchDecisions.Waiting(rs.getLong("id"), (Long) rs.getObject("count"),
                        rs.getTimestamp("at").toInstant(), (Long) rs.getObject("team"), rs.getInt("rank"),
                        Set.of((String[]) rs.getArray("skills").getArray()),
                        AssignmentStrategy.valueOf(rs.getString("strategy")), (Integer) rs.getObject("capacity")));
                default -> {
                    Timestamp lastAssigned = rs.getTimestamp("at");
                    eligible.add(new BatchDecisions.EligibleAgent(rs.getLong("id"), (int) rs.getLong("count"),
                            (Integer) rs.getObject("capacity"), lastAssigned == null ? null : lastAssigned.toInstant(),
                            (Long) rs.getObject("turn"), Set.of((String[]) rs.getArray("skills").getArray()),
                            Set.of((Long[]) rs.getArray("teams").getArray())));
                }
            }
        });
        if (!locked[0]) {
            return null;
        }
        // the parts come in the order they ran, each in its own order; sorted again so no plan can change that
        waiting.sort(BatchDecisions.Waiting.QUEUE_ORDER);
        eligible.sort(Comparator.comparingLong(BatchDecisions.EligibleAgent::id));
        return new Claim(List.copyOf(waiting), List.copyOf(eligible));
    }

    /**
     * Part 0: whether the engine lock was granted (advisory locks are taken again by the transaction
     * that holds them); part 1: a waiting conversation ({@code count}: the agent who released it;
     * {@code capacity}: the default capacity of its team, else the global one; {@code strategy}: its
     * team's, else the global one); part 2: an agent who may take one of them ({@code count}: its
     * active conversations, {@code capacity}: its own). A conversation's team settings are scalar
     * sub-selects, not a join, so the claim reads the queue's index in order and stops at its limit;
     * a row locked is checked again in its newest version, sub-selects included, and skipped when it no
     * longer qualifies.
     */
    private static final String CLAIM = """
            with engine as materialized (
                select s.auto_assignment, s.strategy, s.default_capacity, s.presence, engine_lock.locked
                from assignment_settings s, (select pg_try_advisory_xact_lock(%1$d) as locked) engine_lock
                where s.id = 1),
            waiting as materialized (
                select c.id, c.released_by_agent_id, c.waiting_since, c.team_id, c.required_skills, %2$s as rank,
                       coalesce((select t.strategy from team t where t.id = c.team_id),
                                (select strategy from engine)) as strategy,
                       %5$s as default_capacity
                from conversation c
                where c.status = 'UNASSIGNED' and c.waiting_for_agent and c.id <> all(cast(:passedOver as bigint[]))
                  and (select locked from engine)
                  and coalesce((select t.auto_assignment from team t where t.id = c.team_id),
                               (select auto_assignment from engine))
                  and exists (select 1 from agent a where %3$s)
                order by %2$s, c.waiting_since, c.id
                limit :limit
                for no key update of c skip locked),
            eligible as materialized (
                select a.id, a.active_conversations, a.capacity, a.last_assigned_at, a.auto_assignment_turn, a.skills,
                       array(select m.team_id from team_member m where m.agent_id = a.id) as teams
                from agent a
                where exists (select 1 from waiting c where %4$s)
                order by a.id
                for no key update of a)
            select 0 as part, cast(null as bigint) as id, cast(null as bigint) as count, cast(null as integer) as capacity,
                   cast(null as timestamptz) as at, cast(null as bigint) as turn, cast(null as text) as strategy,
                   locked, cast(null as bigint) as team, cast(null as integer) as rank, cast(null as text[]) as skills,
                   cast(null as bigint[]) as teams
            from engine
            union all
            select 1, id, released_by_agent_id, default_capacity, waiting_since, null, strategy, null, team_id, rank,
                   required_skills, null
            from waiting
            union all
            select 2, id, active_conversations, capacity, last_assigned_at, auto_assignment_turn, null, null, null, null,
                   skills, teams
            from eligible""".formatted(AutoAssignmentQueue.ENGINE_LOCK, Priority.queueRank("c"),
            CounterStatements.mayTakeAutomatically("a", "c",
                    CounterStatements.teamDefaultCapacity("c", "(select default_capacity from engine)"), "(select presence from engine)"),
            CounterStatements.mayTakeAutomatically("a", "c", "c.default_capacity", "(select presence from engine)"),
            CounterStatements.teamDefaultCapacity("c", "(select default_capacity from engine)"));

    /**
     * Applies the batch's decisions in one statement and returns each conversation as it left it, in
     * decision order. An agent's last assignment is {@code now} plus its last decision's step in
     * microseconds, and its turn the sequence's value drawn for that step, so the next batch ranks the
     * agents of this one as the decisions did.
     */
    List<ConversationResponse> apply(BatchDecisions.Batch batch, EventReason reason, Instant now) {
        List<BatchDecisions.Decision> decisions = batch.decisions();
        List<BatchDecisions.AgentOutcome> agents = batch.agents();
        return jdbc.sql(APPLY)
                .param("conversationIds", PostgresArrays.literal(decisions.stream().map(d -> d.conversation().conversationId()).toList()))
                .param("agentIds", PostgresArrays.literal(decisions.stream().map(BatchDecisions.Decision::agentId).toList()))
                .param("givenAgentIds", PostgresArrays.literal(agents.stream().map(BatchDecisions.AgentOutcome::agentId).toList()))
                .param("received", PostgresArrays.literal(agents.stream().map(BatchDecisions.AgentOutcome::received).toList()))
                .param("lastAssignedAts", PostgresArrays.literal(agents.stream()
                        .map(agent -> now.plusNanos(agent.lastStep() * 1_000L).toString())
                        .toList()))
                .param("lastSteps", PostgresArrays.literal(agents.stream().map(BatchDecisions.AgentOutcome::lastStep).toList()))
                .param("steps", decisions.size())
                .param("reason", reason.name())
                .param("actor", CurrentCaller.SYSTEM)
                .param("entryType", ConversationEventType.ASSIGNED.name())
                .param("eventType", EventType.CONVERSATION_ASSIGNED.wireName())
                .param("now", Timestamp.from(now))
                .param("at", now.toString()) // ISO-8601 as Jackson writes an Instant
                .query(String.class)
                .list().stream()
                .map(row -> ConversationResponse.ofRow(json.readTree(row)))
                .toList();
    }

    /**
     * One turn per decision, drawn from the sequence in decision order (a CTE calling a volatile
     * function is never inlined: each step draws once, and a later step a higher turn); an agent
     * takes the turn of its last decision. The counters first (agents in id order, the lock order),
     * then the conversations, each set as an automatic assignment declares it; the timeline entries
     * and the events last, in decision order. Each event carries its agent's counter as this batch
     * commits it. Each table's part comes from the module that owns it.
     */
    private static final String APPLY = """
            with decided as (
                select * from unnest(cast(:conversationIds as bigint[]), cast(:agentIds as bigint[]))
                    with ordinality as d(conversation_id, agent_id, step)),
            turns as (
                select step, nextval('agent_auto_assignment_turn') as turn
                from generate_series(0, cast(:steps as integer) - 1) as step),
            given as (
                select g.*, turns.turn
                from unnest(cast(:givenAgentIds as bigint[]), cast(:received as integer[]),
                            cast(:lastAssignedAts as timestamptz[]), cast(:lastSteps as integer[]))
                    as g(agent_id, received, last_assigned_at, last_step)
                join turns on turns.step = g.last_step),
            agent_counters as (%s%s),
            moved as (%s),
            changed as (
                select moved.id, decided.step, cast('UNASSIGNED' as text) as from_status, moved.status,
                       %s as row,
                       moved.assignee_id as entry_agent_id, cast(null as bigint) as entry_previous_agent_id,
                       %s as agents
                from moved join decided on decided.conversation_id = moved.id
                join agent_counters assignee on assignee.id = moved.assignee_id),
            %s
            select cast(row as text) from changed order by step""".formatted(CounterStatements.takeBatch("given"),
            CounterStatements.RETURNING_COUNTERS,
            ConversationStatements.update(Transition.ASSIGN, true, "decided.agent_id", "decided",
                    "conversation.id = decided.conversation_id"),
            ConversationStatements.row("moved", "assignee.name"),
            TransitionRecords.agents("agent_counters", "a.id = moved.assignee_id"),
            TransitionRecords.recorded("changed"));
}
