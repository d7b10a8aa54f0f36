package io.helpdeskinbox.outbox.internal;

import io.helpdeskinbox.infrastructure.BackgroundThread;
import io.helpdeskinbox.outbox.TickCut;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cuts the outbox into ticks, one relay thread per instance. It wakes when this instance commits
 * events, and every {@code inbox.events.relay-poll} in case another instance's relay could not (it
 * died, or lost the race for the tick lock just after a commit of its own). Relays of different
 * instances take turns through a transaction-scoped advisory lock that only ticks take; writers never
 * touch it. A cut tick is announced at once on this instance ({@link TickCut}), and to every other
 * instance by the NOTIFY the tick's statement sends.
 *
 * <p>Ticks are at least {@code inbox.events.tick-spacing} apart, so under load one tick carries many
 * events instead of one statement per event.
 */
@Component
class OutboxRelay implements BackgroundThread.Owner {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration LAG_FRESH_FOR = Duration.ofSeconds(1);

    private final TickCutting ticks;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher announcements;
    private final Duration poll;
    private final Duration spacing;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Counter cut;
    private volatile double lagSeconds;
    private volatile long lagMeasuredAt;
    private final BackgroundThread thread = new BackgroundThread("outbox-relay", this::relay);

    OutboxRelay(TickCutting ticks, PlatformTransactionManager transactionManager,
            ApplicationEventPublisher announcements, MeterRegistry meters, OutboxProperties properties) {
        this.ticks = ticks;
        this.transaction = new TransactionTemplate(transactionManager);
        this.announcements = announcements;
        this.poll = properties.relayPoll();
        this.spacing = properties.tickSpacing();
        this.cut = Counter.builder("inbox.events.ticks").description("Ticks this instance cut from the outbox")
                .register(meters);
        Gauge.builder("inbox.events.delivery.lag", this, OutboxRelay::deliveryLag).baseUnit("seconds")
                .description("How long the oldest committed event not yet in a tick has waited (an open transaction holds it back)")
                .register(meters);
    }

    /** Something committed events on this instance. */
    void wake() {
        wakeUp.release();
    }

    private void relay() {
        while (thread.isRunning()) {
            try {
                wakeUp.tryAcquire(poll.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                cutUntilCaughtUp();
                Thread.sleep(spacing.toMillis(), (int) (spacing.toNanos() % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (thread.isRunning()) {
                    log.warn("Could not cut an outbox tick; retrying on the next wake-up: {}", e.getMessage());
                    sleepQuietly(poll);
                }
            }
        }
    }

    /** Another relay holding the lock may be cutting a tick that misses this instance's last commit: try again. */
    private void cutUntilCaughtUp() throws InterruptedException {
        while (thread.isRunning()) {
            Optional<Long> tick = transaction.execute(status -> !ticks.tryLockTicking() ? null : ticks.cut());
            if (tick == null) { // another relay is cutting
                Thread.sleep(Math.max(1, spacing.toMillis()));
                continue;
            }
            tick.ifPresent(id -> {
                cut.increment();
                announcements.publishEvent(new TickCut(id));
            });
            return;
        }
    }

    private double deliveryLag() {
        long now = System.nanoTime();
        if (now - lagMeasuredAt > LAG_FRESH_FOR.toNanos()) {
            lagMeasuredAt = now;
            try {
                lagSeconds = ticks.deliveryLagSeconds();
            } catch (RuntimeException e) {
                log.debug("Could not measure the delivery lag", e);
            }
        }
        return lagSeconds;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public BackgroundThread backgroundThread() {
        return thread;
    }
}
