package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The rate limits' periodic duty, on the scheduler (on background connections): the prune of
 * buckets nobody has drawn from since they filled up again, so the table holds the callers and
 * addresses of the last minutes, not of every day since the start.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RateLimitDuties implements SchedulingConfigurer {

    private static final Duration EVERY = Duration.ofMinutes(1);
    private static final int BATCH = 1_000;

    private final RateLimits limits;

    RateLimitDuties(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(PeriodicDuty.every(EVERY, EVERY, "rate-limit bucket prune", this::prune));
    }

    /** A batch at a time, each its own short transaction, until a batch finds fewer than it may take. */
    private void prune() {
        int pruned;
        do {
            pruned = limits.pruneIdleBuckets(BATCH);
        } while (pruned == BATCH);
    }
}
