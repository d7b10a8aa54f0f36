package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.conversation.EventReason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What ops watch of the engine: how many conversations it assigned, how long each waited for an
 * agent ({@code inbox_assignment_wait_seconds}, by reason), and how often someone waited while
 * nobody had room. Recorded after the commit, so a rolled-back batch counts nothing.
 */
@Component
class AssignmentWaits {

    private final MeterRegistry meters;
    private final Map<EventReason, Timer> waits = new ConcurrentHashMap<>();

    AssignmentWaits(MeterRegistry meters) {
        this.meters = meters;
    }

    void assigned(EventReason reason, Duration waited) {
        meters.counter("inbox.auto.assignments", "reason", reason.name()).increment();
        meters.counter("inbox.auto.assignment.outcomes", "outcome", "assigned").increment();
        waits.computeIfAbsent(reason, this::waitTimer).record(waited);
    }

    void noAgentAvailable() {
        meters.counter("inbox.auto.assignment.outcomes", "outcome", "no_agent_available").increment();
    }

    /** From starting to wait to being assigned: the visitor's wait that the engine is there to keep short. */
    private Timer waitTimer(EventReason reason) {
        return Timer.builder("inbox.assignment.wait").tag("reason", reason.name())
                .description("How long a conversation waited for an agent before the engine assigned it")
                .publishPercentileHistogram().register(meters);
    }
}
