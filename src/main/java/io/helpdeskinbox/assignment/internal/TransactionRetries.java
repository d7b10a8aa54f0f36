package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.assignment.AssignmentService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.resilience.retry.MethodRetryEvent;
import org.springframework.stereotype.Component;

/**
 * Makes the retries of {@link AssignmentService} visible: PostgreSQL aborting one of two
 * deadlocked transactions is expected now and then under contention; a steady rise is not.
 */
@Component
class TransactionRetries {

    private static final Logger log = LoggerFactory.getLogger(TransactionRetries.class);

    private final Counter retries;

    TransactionRetries(MeterRegistry registry) {
        this.retries = Counter.builder("inbox.transaction.retries")
                .description("Transitions retried after PostgreSQL aborted them (deadlock or serialization failure)")
                .register(registry);
    }

    /** Spring publishes an event for every failure; only a transient database failure is retried. */
    @EventListener
    void onFailure(MethodRetryEvent event) {
        if (event.isRetryAborted() || !isTransient(event.getFailure())) {
            return;
        }
        retries.increment();
        log.info("Retrying {} after a transient database failure: {}", event.getMethod().getName(),
                event.getFailure().getMessage());
    }

    private static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException) {
                return true;
            }
        }
        return false;
    }
}
