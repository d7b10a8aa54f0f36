package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import java.time.Duration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** What the background work of this module (the engine's rounds, the response timeouts) does around its own transactions. */
final class BackgroundTransactions {

    private BackgroundTransactions() {
    }

    /**
     * One PostgreSQL aborted (a deadlock, a serialization failure) is retried whole, with the API's
     * transitions' policy ({@link RetriedWhenAborted}).
     */
    static RetryTemplate retryingTransientFailures() {
        return new RetryTemplate(RetryPolicy.builder()
                .includes(TransientDataAccessException.class).maxRetries(RetriedWhenAborted.MAX_RETRIES)
                .delay(Duration.ofMillis(RetriedWhenAborted.DELAY_MILLIS))
                .jitter(Duration.ofMillis(RetriedWhenAborted.JITTER_MILLIS))
                .multiplier(RetriedWhenAborted.MULTIPLIER).build());
    }

    /**
     * Once committed, and only then: metrics count what happened (a transaction rolled back and
     * retried assigned nothing), and a round follows only a change that holds.
     */
    static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
