package io.helpdeskinbox.assignment;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.AgentCounters;
import io.helpdeskinbox.agent.AgentRepository;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.security.CurrentCaller;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The auto-assignment engine: hands conversations waiting for an agent to ONLINE agents with room,
 * longest waiting first, in the transaction of whatever made that possible (a new waiting
 * conversation, an agent coming ONLINE) or, for room freed by a transfer, unassign, archive or
 * deactivation, right after that transaction commits. It only ever takes UNASSIGNED conversations,
 * so it never overrides a human's assignment or transfer.
 *
 * <p>Every decision runs under one advisory lock, held to the end of its transaction, so each
 * drain sees every waiting conversation and every free place committed before it. A drain after
 * commit is always correct too: whichever of "room freed" and "conversation waiting" commits last
 * is followed by a drain that sees both.
 */
@Component
class AutoAssigner {

    private static final long NO_AGENT = -1;

    private final AssignmentSettingsRepository settings;
    private final AutoAssignmentQueue queue;
    private final ConversationRepository conversations;
    private final AgentRepository agents;
    private final AgentCounters counters;
    private final Timeline timeline;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int batchSize;

    private static final Logger log = LoggerFactory.getLogger(AutoAssigner.class);

    /** Set when a transition committed that asked for a drain; consumed by {@link #drainIfRequested}. */
    private static final ThreadLocal<Boolean> DRAIN_REQUESTED = new ThreadLocal<>();

    private final TransactionTemplate ownTransaction;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder()
            .includes(TransientDataAccessException.class).maxRetries(4)
            .delay(Duration.ofMillis(20)).jitter(Duration.ofMillis(10)).multiplier(2).build());

    AutoAssigner(AssignmentSettingsRepository settings, AutoAssignmentQueue queue, ConversationRepository conversations,
            AgentRepository agents, AgentCounters counters, Timeline timeline, MeterRegistry meters,
            Clock clock, PlatformTransactionManager transactionManager,
            @Value("${inbox.assignment.batch-size:100}") int batchSize) {
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = settings;
        this.queue = queue;
        this.conversations = conversations;
        this.agents = agents;
        this.counters = counters;
        this.timeline = timeline;
        this.meters = meters;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Assigns waiting conversations until the queue is empty, nobody has room, or a batch is done
     * (the sweep takes the rest).
     *
     * @return how many conversations it assigned
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int drain() {
        return drain(settings.current());
    }

    /**
     * Room this transaction frees is served right after it commits, in a short transaction of its
     * own ({@link ServeQueueAfterTransitions} runs it once the transition's transaction is done and
     * its connection back in the pool): the engine lock is then never held across the transition's
     * commit, which would serialize every transfer and archive behind each other's disk flush. The
     * request's response still follows the drain. Should the drain fail for good, the sweep serves
     * the queue.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void drainAfterCommit() {
        afterCommit(() -> DRAIN_REQUESTED.set(Boolean.TRUE));
    }

    /** The drain a committed transition asked for, if it did; outside any transaction. */
    void drainIfRequested() {
        if (DRAIN_REQUESTED.get() == null) {
            return;
        }
        DRAIN_REQUESTED.remove();
        try {
            retry.execute(() -> ownTransaction.execute(status -> drain()));
        } catch (RetryException | RuntimeException e) {
            log.warn("Could not serve the queue after a commit; the sweep will", e);
        }
    }

    private int drain(AssignmentSettings current) {
        if (!current.isAutoAssignment()) {
            return 0;
        }
        conversations.flush(); // the caller's change must be visible to the claims below
        queue.lockEngine();
        Instant now = clock.instant();
        List<Long> passedOver = new ArrayList<>(List.of(NO_AGENT));
        int assigned = 0;
        while (assigned < batchSize) {
            Optional<AutoAssignmentQueue.WaitingConversation> waiting = queue.claimLongestWaiting(passedOver);
            if (waiting.isEmpty()) {
                break;
            }
            Long releasedBy = waiting.get().getReleasedByAgentId();
            Optional<Long> agentId = claimAgent(current, releasedBy == null ? NO_AGENT : releasedBy);
            if (agentId.isEmpty()) {
                if (releasedBy == null) {
                    afterCommit(() -> meters.counter("inbox.auto.assignment.outcomes", "outcome", "no_agent_available")
                            .increment());
                    break; // nobody has room for anyone
                }
                passedOver.add(waiting.get().getId()); // only its releaser had room: the next one may go elsewhere
                continue;
            }
            if (give(waiting.get().getId(), agentId.get(), current.getDefaultCapacity(), EventReason.AUTO, now)) {
                assigned++;
            }
        }
        return assigned;
    }

    /**
     * A reopened conversation: by the reopen policy straight back to the agent who handled it, when
     * that agent is ONLINE with room (waiting for its row lock, which a drain never holds for long,
     * so before the drain), else through the queue.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void assignReopened(Conversation reopened) {
        AssignmentSettings current = settings.current();
        Long previous = reopened.getPreviousAssigneeId();
        if (previous != null && current.givesReopenedBackToPreviousAgent()
                && give(reopened.getId(), previous, current.getDefaultCapacity(), EventReason.REOPEN, clock.instant())) {
            return;
        }
        drain(current);
    }

    private Optional<Long> claimAgent(AssignmentSettings current, long excludedAgentId) {
        return switch (current.getStrategy()) {
            case BALANCED -> queue.claimLeastBusyAgent(current.getDefaultCapacity(), excludedAgentId);
            case ROUND_ROBIN -> queue.claimNextAgentInTurn(current.getDefaultCapacity(), excludedAgentId);
        };
    }

    /** The capacity-checking increment is the arbiter; the conversation follows only when it succeeded. */
    private boolean give(long conversationId, long agentId, Integer defaultCapacity, EventReason reason, Instant now) {
        if (counters.incrementIfOnlineWithRoom(agentId, defaultCapacity, now) == 0) {
            return false;
        }
        Conversation conversation = conversations.findById(conversationId).orElseThrow();
        Agent agent = agents.findById(agentId).orElseThrow();
        Duration waited = conversation.getWaitingSince() == null ? Duration.ZERO
                : Duration.between(conversation.getWaitingSince(), now);
        conversation.assignTo(agent, now);
        timeline.record(conversation, ConversationEventType.ASSIGNED, agentId, null, reason, CurrentCaller.SYSTEM, now);
        afterCommit(() -> {
            meters.counter("inbox.auto.assignments", "reason", reason.name()).increment();
            meters.counter("inbox.auto.assignment.outcomes", "outcome", "assigned").increment();
            meters.timer("inbox.queue.wait", "reason", reason.name()).record(waited);
        });
        return true;
    }

    /**
     * Once committed, and only then: metrics count what happened (a transaction rolled back and
     * retried assigned nothing), and a drain follows only a change that holds.
     */
    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
