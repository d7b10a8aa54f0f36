package io.helpdeskinbox.infrastructure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.resilience.annotation.Retryable;

/**
 * The whole transaction is run again when PostgreSQL aborts it to break a deadlock (or a
 * serialization failure): expected now and then where transactions write the same agents' rows in
 * other orders. One policy for every such writer: up to 4 retries, 20 ms apart and doubling, with
 * jitter. Put it on a bean whose transaction it starts or outside the transaction: the retry must
 * run the transaction again, not a statement inside it. Background work that runs its own
 * transactions builds the same policy from the constants below.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Retryable(includes = TransientDataAccessException.class, maxRetries = RetriedWhenAborted.MAX_RETRIES,
        delay = RetriedWhenAborted.DELAY_MILLIS, jitter = RetriedWhenAborted.JITTER_MILLIS,
        multiplier = RetriedWhenAborted.MULTIPLIER)
public @interface RetriedWhenAborted {

    long MAX_RETRIES = 4;
    long DELAY_MILLIS = 20;
    long JITTER_MILLIS = 10;
    double MULTIPLIER = 2;
}
