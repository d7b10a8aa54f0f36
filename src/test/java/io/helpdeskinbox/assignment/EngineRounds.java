package io.helpdeskinbox.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.springframework.context.ApplicationContext;

/**
 * The engine serves the queue on its own thread, right after the commit that asked for it, and the
 * response does not wait for it. A test that checks what the engine did first waits for the rounds
 * asked of an instance so far to finish: the trigger is still what made them happen (the sweep is
 * off in tests), and a "nothing happened" check is not a race with a round still running.
 */
public final class EngineRounds {

    private EngineRounds() {
    }

    public static void awaitServed(ApplicationContext instance) {
        try {
            assertThat(instance.getBean(AutoAssigner.class).awaitIdle(Duration.ofSeconds(10)))
                    .as("the engine served every round asked of it within 10 s").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
