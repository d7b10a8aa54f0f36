package io.helpdeskinbox.events.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prunes events and ticks older than {@code inbox.events.retention} whose webhook deliveries are
 * all finished, and the finished deliveries' log with them. A client resuming from a pruned
 * position gets what is left, from the oldest tick kept.
 */
@Component
class OutboxRetention {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetention.class);

    private final OutboxEvents events;
    private final OutboxTicks ticks;
    private final WebhookRepository webhooks;
    private final Clock clock;
    private final Duration retention;

    OutboxRetention(OutboxEvents events, OutboxTicks ticks, WebhookRepository webhooks, Clock clock,
            EventsProperties properties) {
        this.events = events;
        this.ticks = ticks;
        this.webhooks = webhooks;
        this.clock = clock;
        this.retention = properties.retention();
    }

    /** Every {@link EventsProperties#pruneInterval()} ({@link EventDuties}). */
    @Transactional
    public void prune() {
        Instant cutoff = clock.instant().minus(retention);
        // a backlog of a week's events is one long delete: not bounded like a request's statements
        events.liftStatementTimeoutForThisTransaction();
        int deliveries = webhooks.pruneFinishedBefore(cutoff);
        int pruned = events.pruneBefore(cutoff);
        int prunedTicks = ticks.pruneBefore(cutoff);
        if (pruned + deliveries + prunedTicks > 0) {
            log.info("Pruned {} events, {} ticks and {} finished webhook deliveries older than {}", pruned, prunedTicks,
                    deliveries, retention);
        }
    }
}
