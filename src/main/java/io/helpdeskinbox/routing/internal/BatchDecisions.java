package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The engine's decisions for a batch of waiting conversations, made at once from the rows the batch
 * holds locked: exactly the decisions the engine would make one conversation at a time, each seeing
 * the counters the previous one left. In queue order, each conversation goes to the agent the
 * strategy ranks first among those with room, not to the agent who released it:
 * <ul>
 * <li>BALANCED: the fewest active conversations, then the one idle longest (the oldest last
 *     assignment; never assigned first), then the lowest id;</li>
 * <li>ROUND_ROBIN: the oldest automatic-assignment turn (none first), then the lowest id.</li>
 * </ul>
 * An assignment moves the agent's counter, makes its last assignment the newest and gives it the
 * newest turn, as the next decision must see. A conversation only its releaser has room for is
 * passed over: it stays in the queue for a round where someone else has room.
 *
 * <p>Pure: the database stays the arbiter (the batch's locks make the rows it read the rows that
 * hold at its commit), and this is where the order of the queue and of the agents is said once.
 */
final class BatchDecisions {

    private BatchDecisions() {
    }

    /** A conversation waiting for an agent, in queue order; {@code releasedBy}: the agent who let it go, if any. */
    record Waiting(long conversationId, Long releasedBy, Instant waitingSince) {
    }

    /**
     * An agent who may receive conversations now, as locked: {@code room} more it can take (null:
     * no limit), its last assignment (null: never) and its turn (null: never automatically).
     */
    record EligibleAgent(long id, int activeConversations, Integer room, Instant lastAssignedAt, Long turn) {
    }

    /** One conversation to one agent; {@code step}: its place among the batch's decisions, from 0. */
    record Decision(Waiting conversation, long agentId, int step) {
    }

    /** What the batch does to one agent: how many it receives, and its last assignment and turn after them. */
    record AgentOutcome(long agentId, int received, int lastStep) {
    }

    /** The decisions and the conversations passed over, in queue order. */
    record Batch(List<Decision> decisions, List<Waiting> passedOver) {

        /** Per agent given anything, in ascending id order (the order its row is updated). */
        List<AgentOutcome> agents() {
            java.util.Map<Long, AgentOutcome> outcomes = new java.util.TreeMap<>();
            for (Decision decision : decisions) {
                outcomes.merge(decision.agentId(), new AgentOutcome(decision.agentId(), 1, decision.step()),
                        (before, next) -> new AgentOutcome(before.agentId(), before.received() + 1, next.lastStep()));
            }
            return List.copyOf(outcomes.values());
        }
    }

    static Batch decide(AssignmentStrategy strategy, List<Waiting> waiting, List<EligibleAgent> agents) {
        PriorityQueue<Candidate> ranked = new PriorityQueue<>(order(strategy));
        agents.stream().filter(agent -> agent.room() == null || agent.room() > 0).map(Candidate::new).forEach(ranked::add);
        List<Decision> decisions = new ArrayList<>();
        List<Waiting> passedOver = new ArrayList<>();
        for (Waiting conversation : waiting) {
            if (ranked.isEmpty()) {
                break; // nobody has room for anyone: the rest wait, in order
            }
            Candidate first = ranked.poll();
            Candidate chosen = first;
            if (conversation.releasedBy() != null && first.agent.id() == conversation.releasedBy()) {
                chosen = ranked.poll(); // not straight back to the agent who let it go
                ranked.add(first);
                if (chosen == null) {
                    passedOver.add(conversation);
                    continue;
                }
            }
            int step = decisions.size();
            decisions.add(new Decision(conversation, chosen.agent.id(), step));
            chosen.receive(step);
            if (chosen.hasRoom()) {
                ranked.add(chosen);
            }
        }
        return new Batch(decisions, passedOver);
    }

    /**
     * The strategy's order. A decision of this batch is more recent than any before it, and a later
     * one than an earlier one: {@code lastStep} ranks after every stored last assignment and turn.
     */
    private static Comparator<Candidate> order(AssignmentStrategy strategy) {
        Comparator<Candidate> byId = Comparator.comparingLong(candidate -> candidate.agent.id());
        Comparator<Candidate> byAssignmentInThisBatch = Comparator.comparingInt(candidate -> candidate.lastStep);
        return switch (strategy) {
            case BALANCED -> Comparator.<Candidate>comparingInt(candidate -> candidate.load)
                    .thenComparing(byAssignmentInThisBatch)
                    .thenComparing(candidate -> candidate.agent.lastAssignedAt(),
                            Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(byId);
            case ROUND_ROBIN -> byAssignmentInThisBatch
                    .thenComparing(candidate -> candidate.agent.turn(), Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(byId);
        };
    }

    /** An agent as the batch's decisions leave it. */
    private static final class Candidate {

        private final EligibleAgent agent;
        private int load;
        private Integer room;
        /** The step of its latest assignment in this batch; -1: none yet, so its stored values rank it. */
        private int lastStep = -1;

        Candidate(EligibleAgent agent) {
            this.agent = agent;
            this.load = agent.activeConversations();
            this.room = agent.room();
        }

        void receive(int step) {
            load++;
            room = room == null ? null : room - 1;
            lastStep = step;
        }

        boolean hasRoom() {
            return room == null || room > 0;
        }
    }
}
