package io.helpdeskinbox.infrastructure;

import java.time.Duration;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * A periodic duty with a name: what logs, thread dumps and the scheduler's task list show for it
 * (a method reference alone shows as a lambda).
 */
public record PeriodicDuty(String name, Runnable work) implements Runnable {

    /** Runs every {@code delay} after the previous run ended, the first time {@code initialDelay} after start-up. */
    public static FixedDelayTask every(Duration delay, Duration initialDelay, String name, Runnable work) {
        return new FixedDelayTask(new PeriodicDuty(name, work), delay, initialDelay);
    }

    @Override
    public void run() {
        work.run();
    }

    @Override
    public String toString() {
        return name;
    }
}
