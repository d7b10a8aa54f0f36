package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The assignment module's periodic duties, on the scheduler (each on background connections):
 * <ul>
 * <li>the sweep, the safety net under the event-driven engine: every few seconds
 *     ({@link AssignmentProperties#sweepInterval()}) each instance asks its engine for a round, which
 *     serves whatever is still waiting while someone has room. Normally it finds nothing (one read);
 *     it exists for the trigger that never ran (a crash between a commit and its follow-up, a round
 *     that failed while the database was away);</li>
 * <li>the response timeouts ({@link ResponseTimeouts}), every
 *     {@link AssignmentProperties#responseTimeoutCheck()}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(AssignmentProperties.class)
class AssignmentDuties implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AssignmentDuties.class);

    /** A round normally takes milliseconds; one that takes longer is left to finish on its own. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final AutoAssigner autoAssigner;
    private final ResponseTimeouts responseTimeouts;
    private final AssignmentProperties properties;

    AssignmentDuties(AutoAssigner autoAssigner, ResponseTimeouts responseTimeouts, AssignmentProperties properties) {
        this.autoAssigner = autoAssigner;
        this.responseTimeouts = responseTimeouts;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(PeriodicDuty.every(properties.sweepInterval(), properties.sweepInterval(),
                "auto-assignment sweep", this::sweep));
        tasks.addFixedDelayTask(PeriodicDuty.every(properties.responseTimeoutCheck(), Duration.ZERO,
                "response timeout check", responseTimeouts::check));
    }

    void sweep() {
        try {
            if (!autoAssigner.serveQueueAndWait(PATIENCE)) {
                log.warn("The auto-assignment sweep did not finish within {}", PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
