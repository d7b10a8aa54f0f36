package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's decisions for a batch of waiting conversations, made at once from the rows the batch
 * holds locked: exactly the decisions the engine would make one conversation at a time, each seeing
 * the counters the previous one left. In queue order (priority, URGENT first, then waiting longest),
 * each conversation goes to the agent its strategy ranks first among those who may take it, not to
 * the agent who released it. An agent may take a conversation when it is a member of the
 * conversation's team (if it has one), holds every skill the conversation requires and is below its
 * capacity (its own, else the team's default, else the global default); the claim's SQL locked only
 * agents who may take some conversation of the batch, by the same rule
 * ({@code CounterStatements.mayTakeAutomatically}).
 * <ul>
 * <li>BALANCED: the fewest active conversations, then the one idle longest (the oldest last
 *     assignment; never assigned first), then the lowest id;</li>
 * <li>ROUND_ROBIN: the oldest automatic-assignment turn (none first), then the lowest id.</li>
 * </ul>
 * A conversation's strategy is its team's, else the global one. An assignment moves the agent's
 * counter (one number across all its teams), makes its last assignment the newest and gives it the
 * newest turn, as the next decision must see. A conversation nobody may take now (its agents filled
 * up earlier in the batch), or only its releaser, is passed over: it stays in the queue for a round
 * where someone may.
 *
 * <p>Pure: the database stays the arbiter (the batch's locks make the rows it read the rows that
 * hold at its commit), and this is where the order of the queue and of the agents is said once.
 */
final class BatchDecisions {

    private BatchDecisions() {
    }

    /**
     * A conversation waiting for an agent: {@code releasedBy} the agent who let it go, if any; its
     * team (null: any agent), its priority's rank (0 = URGENT), the skills it requires, the strategy
     * and the default capacity (null: unlimited) its team's settings give, else the global ones.
     */
    record Waiting(long conversationId, Long releasedBy, Instant waitingSince, Long teamId, int priorityRank,
            Set<String> requiredSkills, AssignmentStrategy strategy, Integer defaultCapacity) {

        /** The queue's order: priority, then waiting longest, then id. */
        static final Comparator<Waiting> QUEUE_ORDER = Comparator.comparingInt(Waiting::priorityRank)
                .thenComparing(Waiting::waitingSince).thenComparingLong(Waiting::conversationId);
    }

    /**
     * An agent who may receive conversations now, as locked: its own capacity (null: the default of
     * the conversation's team, else the global one), its last assignment (null: never), its turn
     * (null: never automatically), its skills and its teams.
     */
    record EligibleAgent(long id, int activeConversations, Integer capacity, Instant lastAssignedAt, Long turn,
            Set<String> skills, Set<Long> teams) {
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
            Map<Long, AgentOutcome> outcomes = new TreeMap<>();
            for (Decision decision : decisions) {
                outcomes.merge(decision.agentId(), new AgentOutcome(decision.agentId(), 1, decision.step()),
                        (before, next) -> new AgentOutcome(before.agentId(), before.received() + 1, next.lastStep()));
            }
            return List.copyOf(outcomes.values());
        }
    }

    /** @param waiting in queue order ({@link Waiting#QUEUE_ORDER}) */
    static Batch decide(List<Waiting> waiting, List<EligibleAgent> agents) {
        List<Candidate> candidates = agents.stream().map(Candidate::new).toList();
        List<Decision> decisions = new ArrayList<>();
        List<Waiting> passedOver = new ArrayList<>();
        for (Waiting conversation : waiting) {
            Comparator<Candidate> order = order(conversation.strategy());
            Candidate chosen = null;
            for (Candidate candidate : candidates) {
                if (candidate.mayTake(conversation) && !candidate.released(conversation)
                        && (chosen == null || order.compare(candidate, chosen) < 0)) {
                    chosen = candidate;
                }
            }
            if (chosen == null) {
                passedOver.add(conversation); // nobody may take it now but maybe its releaser: a later round
                continue;
            }
            int step = decisions.size();
            decisions.add(new Decision(conversation, chosen.agent.id(), step));
            chosen.receive(step);
        }
        return new Batch(decisions, passedOver);
    }

    /**
     * The strategy's order. A decision of this batch is more recent than any before it, and a later
     * one than an earlier one: {@code lastStep} ranks after every stored last assignment and turn.
     */
    private static Comparator<Candidate> order(AssignmentStrategy strategy) {
        return strategy == AssignmentStrategy.ROUND_ROBIN ? ROUND_ROBIN : BALANCED;
    }

    private static final Comparator<Candidate> BY_ID = Comparator.comparingLong(candidate -> candidate.agent.id());
    private static final Comparator<Candidate> BY_ASSIGNMENT_IN_THIS_BATCH =
            Comparator.comparingInt(candidate -> candidate.lastStep);
    private static final Comparator<Candidate> BALANCED = Comparator.<Candidate>comparingInt(candidate -> candidate.load)
            .thenComparing(BY_ASSIGNMENT_IN_THIS_BATCH)
            .thenComparing(candidate -> candidate.agent.lastAssignedAt(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(BY_ID);
    private static final Comparator<Candidate> ROUND_ROBIN = BY_ASSIGNMENT_IN_THIS_BATCH
            .thenComparing(candidate -> candidate.agent.turn(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(BY_ID);

    /** An agent as the batch's decisions leave it. */
    private static final class Candidate {

        private final EligibleAgent agent;
        private int load;
        /** The step of its latest assignment in this batch; -1: none yet, so its stored values rank it. */
        private int lastStep = -1;

        Candidate(EligibleAgent agent) {
            this.agent = agent;
            this.load = agent.activeConversations();
        }

        /** Its team, its skills and its room, as {@code CounterStatements.mayTakeAutomatically} says in SQL. */
        boolean mayTake(Waiting conversation) {
            Integer capacity = agent.capacity() != null ? agent.capacity() : conversation.defaultCapacity();
            return (capacity == null || load < capacity)
                    && (conversation.teamId() == null || agent.teams().contains(conversation.teamId()))
                    && agent.skills().containsAll(conversation.requiredSkills());
        }

        /** Not straight back to the agent who let it go. */
        boolean released(Waiting conversation) {
            return conversation.releasedBy() != null && conversation.releasedBy() == agent.id();
        }

        void receive(int step) {
            load++;
            lastStep = step;
        }
    }
}
