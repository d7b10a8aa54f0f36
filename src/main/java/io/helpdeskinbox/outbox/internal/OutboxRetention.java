package io.helpdeskinbox.outbox.internal;

import io.helpdeskinbox.outbox.OutboxPruning;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prunes events and ticks older than {@code inbox.events.retention}, once what refers to them is
 * pruned first ({@link OutboxPruning}: the webhooks' finished deliveries). An event a pending
 * delivery still needs is kept. A client resuming from a pruned
 * position gets what is left, from the oldest tick kept.
 */
@Component
class OutboxRetention {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetention.class);

    private final OutboxEvents events;
    private final TickCutting ticks;
    private final ApplicationEventPublisher announcements;
    private final Clock clock;
    private final Duration retention;

    OutboxRetention(OutboxEvents events, TickCutting ticks, ApplicationEventPublisher announcements, Clock clock,
            OutboxProperties properties) {
        this.events = events;
        this.ticks = ticks;
        this.announcements = announcements;
        this.clock = clock;
        this.retention = properties.retention();
    }

    /** Every {@link OutboxProperties#pruneInterval()} ({@link OutboxDuties}). */
    @Transactional
    public void prune() {
        Instant cutoff = clock.instant().minus(retention);
        // a backlog of a week's events is one long delete: not bounded like a request's statements
        events.liftStatementTimeoutForThisTransaction();
        announcements.publishEvent(new OutboxPruning(cutoff));
        int pruned = events.pruneBefore(cutoff);
        int prunedTicks = ticks.pruneBefore(cutoff);
        if (pruned + prunedTicks > 0) {
            log.info("Pruned {} events and {} ticks older than {}", pruned, prunedTicks, retention);
        }
    }
}
