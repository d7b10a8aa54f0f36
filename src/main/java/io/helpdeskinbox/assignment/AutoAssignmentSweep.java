package io.helpdeskinbox.assignment;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The safety net under the event-driven engine: every few seconds ({@code inbox.assignment.sweep-interval},
 * ISO-8601) each instance asks its engine for a round, which serves whatever is still waiting while
 * someone has room. Normally it finds nothing (one read); it exists for the trigger that never ran
 * (a crash between a commit and its follow-up, a round that failed while the database was away).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AutoAssignmentSweep {

    private static final Logger log = LoggerFactory.getLogger(AutoAssignmentSweep.class);

    /** A round normally takes milliseconds; one that takes longer is left to finish on its own. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final AutoAssigner autoAssigner;

    AutoAssignmentSweep(AutoAssigner autoAssigner) {
        this.autoAssigner = autoAssigner;
    }

    @Scheduled(fixedDelayString = "${inbox.assignment.sweep-interval:PT5S}",
            initialDelayString = "${inbox.assignment.sweep-interval:PT5S}")
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
