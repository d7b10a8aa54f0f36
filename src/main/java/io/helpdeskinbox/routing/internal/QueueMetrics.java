package io.helpdeskinbox.routing.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The queue as ops watch it: how many conversations wait for an agent, and how long the oldest has
 * waited. Read from the database (the queue is shared by every instance), at most once a second
 * however often the gauges are scraped.
 */
@Component
class QueueMetrics implements MeterBinder {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final AutoAssignmentQueue queue;
    private final Clock clock;
    private volatile Snapshot last = new Snapshot(Instant.EPOCH, 0, 0);

    QueueMetrics(AutoAssignmentQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    private record Snapshot(Instant takenAt, long waiting, double oldestWaitSeconds) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("inbox.queue.length", this, metrics -> metrics.snapshot().waiting())
                .description("Conversations waiting for an agent").register(registry);
        Gauge.builder("inbox.queue.oldest.wait", this, metrics -> metrics.snapshot().oldestWaitSeconds())
                .description("How long the conversation waiting longest has waited").baseUnit("seconds")
                .register(registry);
    }

    private Snapshot snapshot() {
        Instant now = clock.instant();
        Snapshot current = last;
        if (Duration.between(current.takenAt(), now).compareTo(FRESH_FOR) < 0) {
            return current;
        }
        AutoAssignmentQueue.QueueLength length = queue.length();
        Snapshot fresh = new Snapshot(now, length.getWaiting(), Math.max(0, length.getOldestWaitSeconds()));
        last = fresh;
        return fresh;
    }
}
