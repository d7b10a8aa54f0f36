package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AgentAvailabilityChanged;
import io.helpdeskinbox.agent.AgentChanged;
import io.helpdeskinbox.agent.AgentDeactivated;
import io.helpdeskinbox.agent.AgentDetailsChanged;
import io.helpdeskinbox.agent.AgentPresenceChanged;
import io.helpdeskinbox.agent.Availability;
import io.helpdeskinbox.agent.TeamChanged;
import io.helpdeskinbox.conversation.ConversationAssigned;
import io.helpdeskinbox.conversation.ConversationChanged;
import io.helpdeskinbox.infrastructure.BackgroundThread;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The auto-assignment engine: hands conversations waiting for an agent to ONLINE agents with room
 * (and, with presence on in the settings, only to those actually connected), longest waiting
 * first. Whatever makes that possible (a new waiting conversation, a handoff, an agent coming
 * ONLINE or gaining capacity, room freed by a transfer, unassign, archive or deactivation, new
 * settings) asks for it after its commit; this instance's engine thread then serves the queue in
 * rounds ({@link AutoAssignmentRound}), one at a time, a request made during a round being served
 * by the next (see {@link DrainRounds}): at once after a round that assigned, at least
 * {@link AssignmentProperties#roundSpacing()} after one that found nothing to do. The request's response
 * does not wait for it. It only ever takes UNASSIGNED conversations, so it never overrides a
 * human's assignment or transfer.
 *
 * <p>No wake-up is lost: whichever of "room freed" and "conversation waiting" commits last asks for
 * a round that starts after it, and that round's read sees both. The rounds asked for and served
 * are counted ({@code inbox_assignment_rounds_requested_total}, {@code ..._served_total}): apart
 * for a moment, they say the engine is busy; apart for long, that it is stuck.
 */
@Component
class AutoAssigner implements BackgroundThread.Owner {

    private static final Logger log = LoggerFactory.getLogger(AutoAssigner.class);
    /** How long the engine thread sleeps between checks that it should still run. */
    private static final Duration IDLE = Duration.ofSeconds(1);

    private final AutoAssignmentRound round;
    private final Duration roundSpacing;
    private final DrainRounds rounds = new DrainRounds();
    private final BackgroundThread thread = new BackgroundThread("auto-assignment-engine", this::serveRounds);

    AutoAssigner(AutoAssignmentRound round, MeterRegistry meters, AssignmentProperties properties) {
        this.round = round;
        this.roundSpacing = properties.roundSpacing();
        FunctionCounter.builder("inbox.assignment.rounds.requested", rounds, DrainRounds::requested)
                .description("Rounds of the engine asked for on this instance (requests made during a round share the next)")
                .register(meters);
        FunctionCounter.builder("inbox.assignment.rounds.served", rounds, DrainRounds::served)
                .description("Rounds of the engine asked for on this instance and served")
                .register(meters);
    }

    /**
     * After the commit of any change that may let the queue move: a conversation waiting (created,
     * handed off, reopened, unassigned), room freed (archived, transferred or unassigned away), an
     * agent coming ONLINE or connecting again, gaining capacity or leaving, new settings. Only an
     * assignment can neither add a waiting conversation nor free room. A round that finds nothing to
     * do costs one read.
     */
    @TransactionalEventListener(fallbackExecution = true) // a one-statement transition is announced committed
    void on(ConversationChanged change) {
        if (!(change instanceof ConversationAssigned)) {
            rounds.request();
        }
    }

    @TransactionalEventListener
    void on(AgentChanged change) {
        if (change instanceof AgentAvailabilityChanged available && available.availability() == Availability.ONLINE
                || change instanceof AgentPresenceChanged presence && presence.present()
                || change instanceof AgentDetailsChanged details && details.mayGiveWork()
                || change instanceof AgentDeactivated) {
            rounds.request();
        }
    }

    @TransactionalEventListener
    void on(AssignmentSettingsChanged changed) {
        rounds.request();
    }

    /** A team's auto-assignment, strategy or default capacity may let its queue move. */
    @TransactionalEventListener
    void on(TeamChanged changed) {
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

    private void serveRounds() {
        boolean inARush = false; // the previous round assigned
        while (thread.isRunning()) {
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
                inARush = round.serve(inARush);
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

    @Override
    public BackgroundThread backgroundThread() {
        return thread;
    }
}
