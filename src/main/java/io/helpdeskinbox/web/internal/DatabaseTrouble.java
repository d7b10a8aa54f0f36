package io.helpdeskinbox.web.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means the database cannot serve right now, rather than that the request is
 * wrong or the code is: the server is gone or restarting, the session was terminated, no pooled
 * connection came free in time, a statement or lock wait ran past its timeout, or a deadlock
 * outlived its retries. Each of those is a 503 that the caller may simply retry; nothing was
 * committed, since every change is one transaction.
 *
 * <p>Looked up through the whole cause chain, so it holds however the failure was wrapped (Spring's
 * translation, Hibernate's, Spring Security's around a token check, a retry's).
 */
public final class DatabaseTrouble {

    /**
     * PostgreSQL's SQLSTATEs for "not now": connection exceptions (class 08), operator intervention
     * (57P01 terminated, 57P02 crash shutdown, 57P03 cannot connect now, 57014 statement timeout),
     * too many connections (53300), lock timeout (55P03), serialization failure or deadlock (40001,
     * 40P01), a session ended for idling in a transaction (25P03). A connection the pool could not
     * open in time arrives as an SQLTransientException.
     */
    private static final Set<String> NOT_NOW = Set.of("57P01", "57P02", "57P03", "57014", "53300", "55P03",
            "40001", "40P01", "25P03");

    private static final Pattern CLOSED = Pattern.compile("(?i)connection (is|has been) closed");

    private DatabaseTrouble() {
    }

    public static boolean isCauseOf(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (cause instanceof OptimisticLockingFailureException) {
                return false; // a version conflict, not the database's state: not a 503
            }
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || NOT_NOW.contains(sql.getSQLState()))) {
                return true;
            }
            // the pool's own "Connection is closed" (a session the server ended, met again at rollback)
            // carries no SQLSTATE
            if (cause instanceof SQLException sql && sql.getSQLState() == null && sql.getMessage() != null
                    && CLOSED.matcher(sql.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }
}
