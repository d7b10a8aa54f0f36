package io.helpdeskinbox.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.agent.AssignmentStrategy;
import io.helpdeskinbox.routing.internal.BatchDecisions.Decision;
import io.helpdeskinbox.routing.internal.BatchDecisions.EligibleAgent;
import io.helpdeskinbox.routing.internal.BatchDecisions.Waiting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch's decisions are exactly those of the engine deciding one conversation at a time, each
 * decision reading the agents as the previous one left them: the reference below is the engine's
 * rule as queries would say it (in queue order, among the agents who may take the conversation, the
 * least busy or the next in turn, not the releaser), run against rows in memory, on thousands of
 * random inboxes with teams, skills, priorities and capacities.
 */
class BatchDecisionsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final List<String> SKILLS = List.of("billing", "en", "es");

    @ParameterizedTest
    @EnumSource(AssignmentStrategy.class)
    void aBatchDecidesExactlyAsOneByOneDecisionsWouldOnRandomInboxes(AssignmentStrategy strategy) {
        Random random = new Random(20261207L + strategy.ordinal());
        for (int inbox = 0; inbox < 5_000; inbox++) {
            List<EligibleAgent> agents = randomAgents(random);
            List<Waiting> waiting = randomQueue(random, agents, strategy);

            BatchDecisions.Batch batch = BatchDecisions.decide(waiting, agents);

            OneByOne reference = OneByOne.decide(waiting, agents);
            assertThat(batch.decisions()).extracting(d -> d.conversation().conversationId() + "->" + d.agentId())
                    .as("inbox %d: %s, queue %s", inbox, agents, waiting)
                    .containsExactlyElementsOf(reference.decisions);
            assertThat(batch.passedOver()).extracting(Waiting::conversationId)
                    .as("inbox %d: passed over", inbox).containsExactlyElementsOf(reference.passedOver);
        }
    }

    @Test
    void balancedFillsTheEmptiestFirstAndNeverBeyondCapacity() {
        List<EligibleAgent> agents = List.of(
                agent(1, 3, 5, T0, null), agent(2, 0, 1, T0.plusSeconds(1), null), agent(3, 1, 5, null, null));
        List<Waiting> waiting = IntStream.rangeClosed(1, 9).mapToObj(i -> waiting(100 + i, 2, T0, null, Set.of()))
                .toList();

        BatchDecisions.Batch batch = BatchDecisions.decide(waiting, agents);

        // loads 3/0/1: agent 2 (then full), 3, 3; at 3 each, 1 (idle longer than 3, just assigned);
        // then 3 (3 against 4); at 4 each, 1 (its last assignment the older), and 3 until room runs out
        assertThat(batch.decisions()).extracting(Decision::agentId).containsExactly(2L, 3L, 3L, 1L, 3L, 1L, 3L);
        assertThat(batch.agents()).extracting(BatchDecisions.AgentOutcome::received).containsExactly(2, 1, 4);
        assertThat(batch.passedOver()).extracting(Waiting::conversationId).containsExactly(108L, 109L);
    }

    @Test
    void aConversationOnlyItsReleaserHasRoomForIsPassedOverAndTheNextOneServed() {
        List<EligibleAgent> agents = List.of(agent(7, 0, 1, null, null));
        List<Waiting> waiting = List.of(new Waiting(1, 7L, T0, null, 2, Set.of(), AssignmentStrategy.BALANCED, null),
                waiting(2, 2, T0.plusSeconds(1), null, Set.of()));

        BatchDecisions.Batch batch = BatchDecisions.decide(waiting, agents);

        assertThat(batch.decisions()).extracting(d -> d.conversation().conversationId()).containsExactly(2L);
        assertThat(batch.passedOver()).extracting(Waiting::conversationId).containsExactly(1L);
    }

    @Test
    void onlyATeamsMembersHoldingEverySkillTakeItsConversations() {
        List<EligibleAgent> agents = List.of(
                new EligibleAgent(1, 0, null, null, null, Set.of("es"), Set.of()), // idlest, but in no team
                new EligibleAgent(2, 5, null, null, null, Set.of("en"), Set.of(10L)), // in the team, not Spanish
                new EligibleAgent(3, 9, null, null, null, Set.of("billing", "es"), Set.of(10L)));
        List<Waiting> waiting = List.of(waiting(1, 2, T0, 10L, Set.of("es")), waiting(2, 2, T0.plusSeconds(1), 10L,
                Set.of()), waiting(3, 2, T0.plusSeconds(2), null, Set.of("es", "billing")));

        BatchDecisions.Batch batch = BatchDecisions.decide(waiting, agents);

        assertThat(batch.decisions()).extracting(d -> d.conversation().conversationId() + "->" + d.agentId())
                .containsExactly("1->3", "2->2", "3->3");
    }

    @Test
    void urgentGoesFirstAndATeamsDefaultCapacityBoundsAgentsWithoutTheirOwn() {
        List<EligibleAgent> agents = List.of(new EligibleAgent(1, 1, null, null, null, Set.of(), Set.of(10L)));
        List<Waiting> waiting = new ArrayList<>(List.of(
                new Waiting(1, null, T0, 10L, 2, Set.of(), AssignmentStrategy.BALANCED, 2), // NORMAL, longest waiting
                new Waiting(2, null, T0.plusSeconds(5), 10L, 0, Set.of(), AssignmentStrategy.BALANCED, 2))); // URGENT
        waiting.sort(Waiting.QUEUE_ORDER);

        BatchDecisions.Batch batch = BatchDecisions.decide(waiting, agents);

        assertThat(batch.decisions()).extracting(d -> d.conversation().conversationId()).containsExactly(2L);
        assertThat(batch.passedOver()).extracting(Waiting::conversationId).containsExactly(1L);
    }

    private static EligibleAgent agent(long id, int load, Integer capacity, Instant lastAssigned, Long turn) {
        return new EligibleAgent(id, load, capacity, lastAssigned, turn, Set.of(), Set.of());
    }

    private static Waiting waiting(long id, int rank, Instant since, Long team, Set<String> skills) {
        return new Waiting(id, null, since, team, rank, skills, AssignmentStrategy.BALANCED, null);
    }

    private static List<EligibleAgent> randomAgents(Random random) {
        int count = random.nextInt(6);
        List<EligibleAgent> agents = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            int load = random.nextInt(4);
            Integer capacity = random.nextInt(3) == 0 ? null : load + random.nextInt(4);
            Instant lastAssigned = random.nextInt(3) == 0 ? null : T0.plusSeconds(random.nextInt(3));
            Long turn = random.nextInt(3) == 0 ? null : (long) random.nextInt(5);
            agents.add(new EligibleAgent(id, load, capacity, lastAssigned, turn, randomSkills(random),
                    randomTeams(random)));
        }
        return agents;
    }

    private static List<Waiting> randomQueue(Random random, List<EligibleAgent> agents, AssignmentStrategy global) {
        int count = random.nextInt(12);
        List<Waiting> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long releasedBy = agents.isEmpty() || random.nextInt(3) > 0 ? null
                    : agents.get(random.nextInt(agents.size())).id();
            Long team = random.nextInt(3) == 0 ? null : (long) (10 + random.nextInt(2));
            // a team's own strategy and default capacity where it has them (team 11 has), else the global ones
            AssignmentStrategy strategy = team != null && team == 11 ? AssignmentStrategy.ROUND_ROBIN : global;
            Integer defaultCapacity = team != null && team == 11 ? Integer.valueOf(3) : random.nextInt(2) == 0 ? null : 2;
            Set<String> skills = random.nextInt(2) == 0 ? Set.of() : Set.of(SKILLS.get(random.nextInt(SKILLS.size())));
            waiting.add(new Waiting(1000 + i, releasedBy, T0.plusSeconds(random.nextInt(6)), team, random.nextInt(4),
                    skills, strategy, defaultCapacity));
        }
        waiting.sort(Waiting.QUEUE_ORDER);
        return waiting;
    }

    private static Set<String> randomSkills(Random random) {
        Set<String> skills = new HashSet<>();
        SKILLS.forEach(skill -> {
            if (random.nextBoolean()) {
                skills.add(skill);
            }
        });
        return Set.copyOf(skills);
    }

    private static Set<Long> randomTeams(Random random) {
        Set<Long> teams = new HashSet<>();
        if (random.nextBoolean()) {
            teams.add(10L);
        }
        if (random.nextBoolean()) {
            teams.add(11L);
        }
        return Set.copyOf(teams);
    }

    /** The engine's rule as one query per conversation over the agents' rows as they stand. */
    private static final class OneByOne {

        private final List<String> decisions = new ArrayList<>();
        private final List<Long> passedOver = new ArrayList<>();

        /** An agent's row: mutable, as the increments of earlier decisions leave it. */
        private static final class Row {
            final EligibleAgent agent;
            int load;
            Instant lastAssignedAt;
            Long turn;

            Row(EligibleAgent agent) {
                this.agent = agent;
                load = agent.activeConversations();
                lastAssignedAt = agent.lastAssignedAt();
                turn = agent.turn();
            }

            /** {@code where coalesce(capacity, :default) is null or load < ...; skills @> ...; member of ...}. */
            boolean mayTake(Waiting conversation) {
                Integer capacity = agent.capacity() == null ? conversation.defaultCapacity() : agent.capacity();
                return (capacity == null || load < capacity)
                        && agent.skills().containsAll(conversation.requiredSkills())
                        && (conversation.teamId() == null || agent.teams().contains(conversation.teamId()));
            }
        }

        static OneByOne decide(List<Waiting> waiting, List<EligibleAgent> agents) {
            OneByOne result = new OneByOne();
            List<Row> rows = agents.stream().map(Row::new).toList();
            Instant clock = T0.plusSeconds(3600); // every decision of the round is later than any stored one
            long sequence = 1_000;
            for (Waiting conversation : waiting) {
                Row chosen = rows.stream()
                        .filter(row -> row.mayTake(conversation))
                        .filter(row -> conversation.releasedBy() == null || row.agent.id() != conversation.releasedBy())
                        .min(order(conversation.strategy())).orElse(null);
                if (chosen == null) {
                    result.passedOver.add(conversation.conversationId());
                    continue;
                }
                result.decisions.add(conversation.conversationId() + "->" + chosen.agent.id());
                chosen.load++;
                clock = clock.plusNanos(1_000);
                chosen.lastAssignedAt = clock;
                chosen.turn = ++sequence;
            }
            return result;
        }

        /** {@code order by active_conversations, last_assigned_at nulls first, id} / {@code order by auto_assignment_turn nulls first, id}. */
        private static Comparator<Row> order(AssignmentStrategy strategy) {
            Comparator<Row> byId = Comparator.comparingLong(row -> row.agent.id());
            return switch (strategy) {
                case BALANCED -> Comparator.<Row>comparingInt(row -> row.load)
                        .thenComparing(row -> row.lastAssignedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(byId);
                case ROUND_ROBIN -> Comparator.<Row, Long>comparing(row -> row.turn,
                        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(byId);
            };
        }
    }
}
