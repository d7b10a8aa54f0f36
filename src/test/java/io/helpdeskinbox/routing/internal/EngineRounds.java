package io.helpdeskinbox.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.context.ApplicationContext;

/**
 * The engine serves the queue on its own thread, right after the commit that asked for it, and the
 * response does not wait for it. A test that checks what the engine did first waits for the rounds
 * asked of an instance so far to be served, as ops would read it from the instance's metrics: the
 * trigger is still what made them happen (the sweep is off in tests, and this asks for nothing), and
 * a "nothing happened" check is not a race with a round still running.
 */
public final class EngineRounds {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private EngineRounds() {
    }

    public static void awaitServed(ApplicationContext instance) {
        MeterRegistry meters = instance.getBean(MeterRegistry.class);
        double requested = meters.get("inbox.assignment.rounds.requested").functionCounter().count();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (meters.get("inbox.assignment.rounds.served").functionCounter().count() < requested) {
            assertThat(System.nanoTime()).as("the engine served every round asked of it within %s", PATIENCE)
                    .isLessThan(deadline);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
