package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.EventReason;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One round of the engine: serves the queue in batches while someone waits and someone has room.
 *
 * <p>A round first asks, in one plain read, whether anyone waits while someone has room (unless the
 * previous round assigned: in a rush the batch's claim finds out as well); only then does it
 * decide, in batches. A batch is one short transaction under the engine lock: it claims the
 * longest-waiting conversations and locks the agents with room, decides them all at once exactly as
 * one-by-one decisions would ({@link BatchDecisions}), applies them in one statement
 * ({@link AutoAssignmentBatches}) and commits, so each decision is visible within milliseconds. The
 * round goes on with the next batch while a full one was claimed and someone has room, each next
 * one claiming twice as many, up to {@link AssignmentProperties#largestBatch()}. Batches of all
 * instances take turns at the lock, each seeing the counters the previous one committed (BALANCED
 * stays exact across instances).
 */
@Component
class AutoAssignmentRound {

    private final AutoAssignmentQueue queue;
    private final AutoAssignmentBatches batches;
    private final EngineOutcomes outcomes;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final RetryTemplate retry = BackgroundTransactions.retryingTransientFailures();
    private final int batchSize;
    private final int largestBatch;

    AutoAssignmentRound(AutoAssignmentQueue queue, AutoAssignmentBatches batches, EngineOutcomes outcomes,
            Clock clock, PlatformTransactionManager transactionManager, AssignmentProperties properties) {
        this.queue = queue;
        this.batches = batches;
        this.outcomes = outcomes;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.batchSize = properties.batchSize();
        this.largestBatch = Math.max(properties.batchSize(), properties.largestBatch());
    }

    /**
     * No transaction and no lock unless someone waits while someone has room; in a rush (the
     * previous round assigned) that read is skipped, the batch's claim finding out as well.
     *
     * @return whether the round assigned anything
     */
    boolean serve(boolean inARush) throws RetryException {
        if (!inARush) {
            QueueStates.QueueState state = queue.state();
            if (!state.hasWork()) {
                if (state.enabled() && state.waiting()) {
                    outcomes.noAgentAvailable();
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
            if (batch == null) {
                break;
            }
            told(batch); // committed: what a transaction rolled back and retried did is never told
            assigned |= !batch.decisions().isEmpty();
            // a full batch means a backlog: the next one takes twice as many, so that the batch's fixed
            // cost (its round trips, its turn at the engine lock) is shared by more decisions and the
            // engine catches up with a rush instead of following it at one batch size's pace
            limit = Math.min(limit * 2, largestBatch);
        } while (batch.mayHaveMore());
        return assigned;
    }

    /**
     * What a batch did: its decisions, applied at {@code decidedAt} and leaving the conversations as
     * {@code assigned}; whether someone was left waiting with nobody to take it; and whether a full
     * batch was claimed and someone still has room, so another may follow.
     */
    private record BatchOutcome(List<BatchDecisions.Decision> decisions, List<ConversationResponse> assigned,
            Instant decidedAt, boolean nobodyHadRoom, boolean mayHaveMore) {

        static BatchOutcome nothingAssigned(boolean nobodyHadRoom, boolean mayHaveMore) {
            return new BatchOutcome(List.of(), List.of(), null, nobodyHadRoom, mayHaveMore);
        }
    }

    private void told(BatchOutcome batch) {
        if (!batch.decisions().isEmpty()) {
            outcomes.assigned(batch.decisions(), batch.assigned(), batch.decidedAt());
        }
        if (batch.nobodyHadRoom()) {
            outcomes.noAgentAvailable();
        }
    }

    /**
     * One batch, in its own transaction, committed as soon as it is decided: its assignments are
     * visible (and their events on their way) within milliseconds, not at the end of a drain.
     */
    private BatchOutcome decideBatch(int limit, Set<Long> passedOver) {
        AutoAssignmentBatches.Claim claim = batches.claim(limit, passedOver);
        List<BatchDecisions.Waiting> waiting = claim.waiting();
        if (waiting.isEmpty()) { // nobody waits any more, or auto-assignment was turned off
            return BatchOutcome.nothingAssigned(false, false);
        }
        BatchDecisions.Batch batch = BatchDecisions.decide(waiting, claim.eligible());
        // passed over for the rest of the round: a conversation its agents filled up for in this batch (or
        // only its releaser could take) is claimed again only by a later round, so each batch moves on
        batch.passedOver().forEach(conversation -> passedOver.add(conversation.conversationId()));
        boolean mayHaveMore = waiting.size() == limit;
        if (batch.decisions().isEmpty()) {
            return BatchOutcome.nothingAssigned(true, mayHaveMore);
        }
        // one time for the whole batch: a conversation that started waiting after the round began is served too
        Instant now = clock.instant();
        List<ConversationResponse> assigned = batches.apply(batch, EventReason.AUTO, now);
        return new BatchOutcome(batch.decisions(), assigned, now, false, mayHaveMore);
    }
}
