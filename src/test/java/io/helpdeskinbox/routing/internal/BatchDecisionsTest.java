package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.routing.internal.BatchDecisions.Decision;
import io.helpdeskinbox.routing.internal.BatchDecisions.EligibleAgent;
import io.helpdeskinbox.routing.internal.BatchDecisions.Waiting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch's decisions are exactly those of the engine deciding one conversation at a time, each
 * decision reading the agents as the previous one left them: the reference below is the old
 * engine's queries (least busy, or next in turn, with room, not the releaser), run against rows in
 * memory, on thousands of random inboxes.
 */
class BatchDecisionsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @ParameterizedTest
    @EnumSource(AssignmentStrategy.class)
    void aBatchDecidesExactlyAsOneByOneDecisionsWouldOnRandomInboxes(AssignmentStrategy strategy) {
        Random random = new Random(20261206L + strategy.ordinal());
        for (int inbox = 0; inbox < 5_000; inbox++) {
            List<EligibleAgent> agents = randomAgents(random);
            List<Waiting> waiting = randomQueue(random, agents);

            BatchDecisions.Batch batch = BatchDecisions.decide(strategy, waiting, agents);

            OneByOne reference = OneByOne.decide(strategy, waiting, agents);
            assertThat(batch.decisions()).extracting(d -> d.conversation().conversationId() + "->" + d.agentId())
                    .as("inbox %d: %s, queue %s", inbox, agents, waiting)
                    .containsExactlyElementsOf(reference.decisions);
            assertThat(batch.passedOver()).extracting(Waiting::conversationId)
                    .as("inbox %d: passed over", inbox).containsExactlyElementsOf(reference.passedOver);
        }
    }

    @Test
    void balancedFillsTheEmptiestFirstAndNeverBeyondRoom() {
        List<EligibleAgent> agents = List.of(
                new EligibleAgent(1, 3, 2, T0, null),
                new EligibleAgent(2, 0, 1, T0.plusSeconds(1), null),
                new EligibleAgent(3, 1, 4, null, null));
        List<Waiting> waiting = IntStream.rangeClosed(1, 9).mapToObj(i -> new Waiting(100 + i, null, T0)).toList();

        BatchDecisions.Batch batch = BatchDecisions.decide(AssignmentStrategy.BALANCED, waiting, agents);

        // loads 3/0/1: agent 2 (then full), 3, 3; at 3 each, 1 (idle longer than 3, just assigned);
        // then 3 (3 against 4); at 4 each, 1 (its last assignment the older), and 3 until room runs out
        assertThat(batch.decisions()).extracting(Decision::agentId).containsExactly(2L, 3L, 3L, 1L, 3L, 1L, 3L);
        assertThat(batch.agents()).extracting(BatchDecisions.AgentOutcome::received).containsExactly(2, 1, 4);
    }

    @Test
    void aConversationOnlyItsReleaserHasRoomForIsPassedOverAndTheNextOneServed() {
        List<EligibleAgent> agents = List.of(new EligibleAgent(7, 0, 1, null, null));
        List<Waiting> waiting = List.of(new Waiting(1, 7L, T0), new Waiting(2, null, T0.plusSeconds(1)));

        BatchDecisions.Batch batch = BatchDecisions.decide(AssignmentStrategy.BALANCED, waiting, agents);

        assertThat(batch.decisions()).extracting(d -> d.conversation().conversationId()).containsExactly(2L);
        assertThat(batch.passedOver()).extracting(Waiting::conversationId).containsExactly(1L);
    }

    private static List<EligibleAgent> randomAgents(Random random) {
        int count = random.nextInt(6);
        List<EligibleAgent> agents = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            int load = random.nextInt(4);
            Integer room = random.nextInt(5) == 0 ? null : random.nextInt(4);
            Instant lastAssigned = random.nextInt(3) == 0 ? null : T0.plusSeconds(random.nextInt(3));
            Long turn = random.nextInt(3) == 0 ? null : (long) random.nextInt(5);
            agents.add(new EligibleAgent(id, load, room, lastAssigned, turn));
        }
        return agents;
    }

    private static List<Waiting> randomQueue(Random random, List<EligibleAgent> agents) {
        int count = random.nextInt(12);
        List<Waiting> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long releasedBy = agents.isEmpty() || random.nextInt(3) > 0 ? null
                    : agents.get(random.nextInt(agents.size())).id();
            waiting.add(new Waiting(1000 + i, releasedBy, T0.plusSeconds(i)));
        }
        return waiting;
    }

    /** The old engine: one conversation at a time, each choice a query over the agents' rows as they stand. */
    private static final class OneByOne {

        private final List<String> decisions = new ArrayList<>();
        private final List<Long> passedOver = new ArrayList<>();

        /** An agent's row: mutable, as the increments of earlier decisions leave it. */
        private static final class Row {
            final long id;
            int load;
            Integer room;
            Instant lastAssignedAt;
            Long turn;

            Row(EligibleAgent agent) {
                id = agent.id();
                load = agent.activeConversations();
                room = agent.room();
                lastAssignedAt = agent.lastAssignedAt();
                turn = agent.turn();
            }
        }

        static OneByOne decide(AssignmentStrategy strategy, List<Waiting> waiting, List<EligibleAgent> agents) {
            OneByOne result = new OneByOne();
            List<Row> rows = agents.stream().map(Row::new).toList();
            Instant clock = T0.plusSeconds(3600); // every decision of the round is later than any stored one
            long sequence = 1_000;
            for (Waiting conversation : waiting) {
                boolean anyRoom = rows.stream().anyMatch(row -> row.room == null || row.room > 0);
                if (!anyRoom) {
                    break;
                }
                Row chosen = rows.stream()
                        .filter(row -> row.room == null || row.room > 0)
                        .filter(row -> conversation.releasedBy() == null || row.id != conversation.releasedBy())
                        .min(order(strategy)).orElse(null);
                if (chosen == null) {
                    result.passedOver.add(conversation.conversationId());
                    continue;
                }
                result.decisions.add(conversation.conversationId() + "->" + chosen.id);
                chosen.load++;
                chosen.room = chosen.room == null ? null : chosen.room - 1;
                clock = clock.plusNanos(1_000);
                chosen.lastAssignedAt = clock;
                chosen.turn = ++sequence;
            }
            return result;
        }

        /** {@code order by active_conversations, last_assigned_at nulls first, id} / {@code order by auto_assignment_turn nulls first, id}. */
        private static Comparator<Row> order(AssignmentStrategy strategy) {
            Comparator<Row> byId = Comparator.comparingLong(row -> row.id);
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
