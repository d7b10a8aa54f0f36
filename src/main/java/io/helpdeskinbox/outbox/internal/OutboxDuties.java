package io.helpdeskinbox.outbox.internal;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The outbox's periodic duty, on the scheduler (on background connections): the prune, first a
 * minute after start-up, out of the way of the instance's warm-up.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(OutboxProperties.class)
class OutboxDuties implements SchedulingConfigurer {

    private static final Duration FIRST_PRUNE = Duration.ofMinutes(1);

    private final OutboxRetention retention;
    private final OutboxProperties properties;

    OutboxDuties(OutboxRetention retention, OutboxProperties properties) {
        this.retention = retention;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(PeriodicDuty.every(properties.pruneInterval(), FIRST_PRUNE, "outbox prune",
                retention::prune));
    }
}
