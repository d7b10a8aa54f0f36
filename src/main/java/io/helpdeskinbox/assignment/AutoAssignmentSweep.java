package io.helpdeskinbox.assignment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The safety net under the event-driven engine: every few seconds ({@code inbox.assignment.sweep-interval},
 * ISO-8601) each instance serves whatever is still waiting while someone has room. Normally it finds
 * nothing; it exists for the trigger that never ran (a crash between a commit and its follow-up) and
 * for batches larger than one trigger serves.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AutoAssignmentSweep {

    private static final Logger log = LoggerFactory.getLogger(AutoAssignmentSweep.class);

    private final AssignmentService assignment;

    AutoAssignmentSweep(AssignmentService assignment) {
        this.assignment = assignment;
    }

    @Scheduled(fixedDelayString = "${inbox.assignment.sweep-interval:PT5S}",
            initialDelayString = "${inbox.assignment.sweep-interval:PT5S}")
    void sweep() {
        try {
            int assigned = assignment.sweep();
            if (assigned > 0) {
                log.info("Sweep assigned {} waiting conversation(s) that no trigger had served", assigned);
            }
        } catch (RuntimeException e) {
            log.warn("Auto-assignment sweep failed; the next one retries", e);
        }
    }
}
