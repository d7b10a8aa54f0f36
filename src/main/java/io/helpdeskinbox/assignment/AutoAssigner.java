package io.helpdeskinbox.assignment;

import io.helpdeskinbox.infrastructure.BackgroundWork;
import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.agent.AgentAvailabilityChanged;
import io.helpdeskinbox.agent.AgentChanged;
import io.helpdeskinbox.agent.AgentCounters;
import io.helpdeskinbox.agent.AgentDeactivated;
import io.helpdeskinbox.agent.AgentDetailsChanged;
import io.helpdeskinbox.agent.AgentPresenceChanged;
import io.helpdeskinbox.agent.AgentRepository;
import io.helpdeskinbox.agent.Availability;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationAssigned;
import io.helpdeskinbox.conversation.ConversationChanged;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationTransitionCommitted;
import io.helpdeskinbox.conversation.EventReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The auto-assignment engine: hands conversations waiting for an agent to ONLINE agents with room
 * (and, with presence on in the settings, only to those actually connected),
 * longest waiting first. Whatever makes that possible (a new waiting conversation, a handoff, an
 * agent coming ONLINE or gaining capacity, room freed by a transfer, unassign, archive or
 * deactivation, new settings) asks for it after its commit; this instance's engine thread then
 * serves the queue in rounds, one at a time, a request made during a round being served by the
 * next (see {@link DrainRounds}): at once after a round that assigned, at least
 * {@code inbox.assignment.round-spacing} after one that found nothing to do. The request's response does not wait for it. It only ever takes
 * UNASSIGNED conversations, so it never overrides a human's assignment or transfer.
 *
 * <p>A round first asks, in one plain read, whether anyone waits while someone has room (unless the
 * previous round assigned: in a rush the batch's claim finds out as well); only then does it
 * decide, in batches. A batch is one short transaction under the engine lock: it claims up
 * to {@code inbox.assignment.batch-size} of the longest-waiting conversations and locks the agents
 * with room, decides them all at once exactly as one-by-one decisions would ({@link BatchDecisions}),
 * applies them in one statement ({@link AutoAssignmentBatches}) and commits, so each decision is
 * visible within milliseconds; the round goes on with the next batch while a full one was claimed
 * and someone has room. Batches of all instances take turns at the lock, each seeing the counters
 * the previous one committed (BALANCED stays exact across instances). No wake-up is lost: whichever
 * of "room freed" and "conversation waiting" commits last asks for a round that starts after it,
 * and that round's read sees both.
 */
@Component
class AutoAssigner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AutoAssigner.class);
    /** How long the engine thread sleeps between checks that it should still run. */
    private static final Duration IDLE = Duration.ofSeconds(1);

    private final AssignmentSettingsRepository settings;
    private final AutoAssignmentQueue queue;
    private final AutoAssignmentBatches batches;
    private final ApplicationEventPublisher events;
    private final Map<EventReason, Timer> waits = new ConcurrentHashMap<>();
    private final ConversationRepository conversations;
    private final AgentRepository agents;
    private final AgentCounters counters;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int batchSize;
    private final int largestBatch;
    private final Duration roundSpacing;
    private final TransactionTemplate ownTransaction;
    private final RetryTemplate retry = retryingTransientFailures();
    private final DrainRounds rounds = new DrainRounds();
    private volatile boolean running;
    private Thread engine;

    AutoAssigner(AssignmentSettingsRepository settings, AutoAssignmentQueue queue, AutoAssignmentBatches batches,
            ConversationRepository conversations, AgentRepository agents, AgentCounters counters,
            ApplicationEventPublisher events, MeterRegistry meters, Clock clock,
            PlatformTransactionManager transactionManager,
            @Value("${inbox.assignment.batch-size:32}") int batchSize,
            @Value("${inbox.assignment.largest-batch:256}") int largestBatch,
            @Value("${inbox.assignment.round-spacing:PT0.01S}") Duration roundSpacing) {
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.settings = settings;
        this.queue = queue;
        this.batches = batches;
        this.events = events;
        this.conversations = conversations;
        this.agents = agents;
        this.counters = counters;
        this.meters = meters;
        this.clock = clock;
        this.batchSize = batchSize;
        this.largestBatch = Math.max(batchSize, largestBatch);
        this.roundSpacing = roundSpacing;
    }

    /**
     * After the commit of any change that may let the queue move: a conversation waiting (created,
     * handed off, reopened, unassigned), room freed (archived, transferred or unassigned away), an
     * agent coming ONLINE or connecting again, gaining capacity or leaving, new settings. Only an assignment can neither
     * add a waiting conversation nor free room. A round that finds nothing to do costs one read.
     */
    @TransactionalEventListener
    void on(ConversationChanged change) {
        if (!(change instanceof ConversationAssigned)) {
            rounds.request();
        }
    }

    /** The same, for a transition that committed as one statement (announced once committed). */
    @EventListener
    void on(ConversationTransitionCommitted committed) {
        if (committed.change() != ConversationEventType.ASSIGNED) {
            rounds.request();
        }
    }

    @TransactionalEventListener
    void on(AgentChanged change) {
        if (change instanceof AgentAvailabilityChanged available && available.availability() == Availability.ONLINE
                || change instanceof AgentPresenceChanged presence && presence.present()
                || change instanceof AgentDetailsChanged details && details.capacityChanged()
                || change instanceof AgentDeactivated) {
            rounds.request();
        }
    }

    @TransactionalEventListener
    void on(AssignmentSettingsChanged changed) {
        rounds.request();
    }

    /**
     * Serves the queue now and waits for it, up to {@code timeout}: the safety-net sweep, which runs
     * on its own thread, not a request's.
     *
     * @return whether the round finished in time
     */
    boolean serveQueueAndWait(Duration timeout) throws InterruptedException {
        return rounds.awaitServed(rounds.request(), timeout);
    }

    /** @return whether every round asked for so far finished within {@code timeout} */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return rounds.awaitIdle(timeout);
    }

    private void serveRounds() {
        BackgroundWork.thisThread();
        boolean inARush = false; // the previous round assigned
        while (running) {
            long covers;
            try {
                covers = rounds.nextRound(IDLE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (covers == 0) {
                inARush = false; // a quiet second: the rush is over
                continue;
            }
            try {
                inARush = serveQueue(inARush);
            } catch (RetryException | RuntimeException e) {
                inARush = false;
                log.warn("Could not serve the queue; the next round or the sweep will", e);
            } finally {
                rounds.finished(covers);
            }
            if (inARush) {
                // a rush: whoever arrived during the round is served at once, not a spacing later
                // (a round that assigns is worth its reads, and the batch's lock paces the instances)
                continue;
            }
            try {
                // under load nearly every commit asks for a round: the requests made meanwhile share
                // the next one, so a round that finds nothing to do is followed by the next at most
                // once a spacing however busy the instance is, and the first request after a quiet
                // spell is served at once
                Thread.sleep(roundSpacing.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * No transaction and no lock unless someone waits while someone has room; in a rush (the
     * previous round assigned) that read is skipped, the batch's claim finding out as well.
     *
     * @return whether the round assigned anything
     */
    private boolean serveQueue(boolean inARush) throws RetryException {
        if (!inARush) {
            QueueStates.QueueState state = queue.state();
            if (!state.hasWork()) {
                if (state.enabled() && state.waiting()) {
                    meters.counter("inbox.auto.assignment.outcomes", "outcome", "no_agent_available").increment();
                }
                return false;
            }
        }
        Set<Long> passedOver = new HashSet<>();
        boolean assigned = false;
        int limit = batchSize;
        BatchOutcome batch;
        do {
            int claimed = limit;
            batch = retry.execute(() -> ownTransaction.execute(status -> decideBatch(claimed, passedOver)));
            assigned |= batch != null && batch.assigned();
            // a full batch means a backlog: the next one takes twice as many, so that the batch's fixed
            // cost (its round trips, its turn at the engine lock) is shared by more decisions and the
            // engine catches up with a rush instead of following it at one batch size's pace
            limit = Math.min(limit * 2, largestBatch);
        } while (batch != null && batch.mayHaveMore());
        return assigned;
    }

    /**
     * What a batch did: whether it assigned anything, and whether a full batch was claimed and
     * someone still has room, so another may follow.
     */
    private record BatchOutcome(boolean assigned, boolean mayHaveMore) {
    }

    /**
     * One batch, in its own transaction, committed as soon as it is decided: its assignments are
     * visible (and their events on their way) within milliseconds, not at the end of a drain.
     */
    private BatchOutcome decideBatch(int limit, Set<Long> passedOver) {
        AutoAssignmentBatches.Claim claim = batches.claim(limit, passedOver);
        List<BatchDecisions.Waiting> waiting = claim.waiting();
        if (waiting.isEmpty()) { // nobody waits any more, or auto-assignment was turned off
            return new BatchOutcome(false, false);
        }
        BatchDecisions.Batch batch = BatchDecisions.decide(claim.strategy(), waiting, claim.eligible());
        batch.passedOver().forEach(conversation -> passedOver.add(conversation.conversationId()));
        boolean roomLeft = batch.decisions().size() + batch.passedOver().size() == waiting.size();
        if (batch.decisions().isEmpty()) {
            if (!roomLeft) {
                afterCommit(() -> meters.counter("inbox.auto.assignment.outcomes", "outcome", "no_agent_available")
                        .increment());
            }
            return new BatchOutcome(false, roomLeft && waiting.size() == limit);
        }
        // one time for the whole batch: a conversation that started waiting after the round began is served too
        Instant now = clock.instant();
        List<ConversationResponse> assigned = batches.apply(batch, EventReason.AUTO, now);
        afterCommit(() -> {
            for (BatchDecisions.Decision decision : batch.decisions()) {
                recordAssignment(EventReason.AUTO, Duration.between(decision.conversation().waitingSince(), now));
            }
            assigned.forEach(conversation -> events.publishEvent(
                    new ConversationTransitionCommitted(conversation, ConversationEventType.ASSIGNED)));
        });
        return new BatchOutcome(true, roomLeft && waiting.size() == limit);
    }

    private void recordAssignment(EventReason reason, Duration waited) {
        meters.counter("inbox.auto.assignments", "reason", reason.name()).increment();
        meters.counter("inbox.auto.assignment.outcomes", "outcome", "assigned").increment();
        waits.computeIfAbsent(reason, this::waitTimer).record(waited);
    }

    /** From starting to wait to being assigned: the visitor's wait that the engine is there to keep short. */
    private Timer waitTimer(EventReason reason) {
        return Timer.builder("inbox.assignment.wait").tag("reason", reason.name())
                .description("How long a conversation waited for an agent before the engine assigned it")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * A reopened conversation, by the reopen policy, straight back to the agent who handled it (the
     * assignee when it was archived; none when it was archived from the queue), in the reopening
     * transaction, when that agent is ONLINE (and present, with presence on) with room: the
     * capacity-checking increment decides. Else it waits in the queue, served after the
     * commit like any other.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void giveBackReopened(Conversation reopened) {
        AssignmentSettings current = settings.current();
        Long handledBy = reopened.getPreviousAssigneeId();
        if (handledBy != null && current.givesReopenedBackToPreviousAgent()) {
            give(reopened.getId(), handledBy, current, EventReason.REOPEN, clock.instant());
        }
    }

    /** The capacity-checking increment is the arbiter; the conversation follows only when it succeeded. */
    private boolean give(long conversationId, long agentId, AssignmentSettings current, EventReason reason,
            Instant now) {
        if (counters.incrementIfOnlineWithRoom(agentId, current.getDefaultCapacity(), current.isPresence(), now) == 0) {
            return false;
        }
        Conversation conversation = conversations.findById(conversationId).orElseThrow();
        Duration waited = conversation.getWaitingSince() == null ? Duration.ZERO
                : Duration.between(conversation.getWaitingSince(), now);
        conversation.assignTo(agents.findById(agentId).orElseThrow(), Cause.engine(reason, now));
        conversations.save(conversation);
        afterCommit(() -> recordAssignment(reason, waited));
        return true;
    }

    /**
     * For background work that runs its own transactions: one PostgreSQL aborted (a deadlock, a
     * serialization failure) is retried whole, with the API's transitions' policy ({@link RetriedWhenAborted}).
     */
    static RetryTemplate retryingTransientFailures() {
        return new RetryTemplate(RetryPolicy.builder()
                .includes(TransientDataAccessException.class).maxRetries(RetriedWhenAborted.MAX_RETRIES)
                .delay(Duration.ofMillis(RetriedWhenAborted.DELAY_MILLIS))
                .jitter(Duration.ofMillis(RetriedWhenAborted.JITTER_MILLIS))
                .multiplier(RetriedWhenAborted.MULTIPLIER).build());
    }

    /**
     * Once committed, and only then: metrics count what happened (a transaction rolled back and
     * retried assigned nothing), and a round follows only a change that holds.
     */
    static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    @Override
    public void start() {
        running = true;
        engine = new Thread(this::serveRounds, "auto-assignment-engine");
        engine.setDaemon(true);
        engine.start();
    }

    @Override
    public void stop() {
        running = false;
        if (engine != null) {
            engine.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
