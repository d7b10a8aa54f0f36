package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.infrastructure.BackgroundThread;
import io.helpdeskinbox.outbox.OutboxTicks;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL LISTEN on the tick channel, on one dedicated connection per instance (outside the
 * pool): every tick cut, by any instance's relay, wakes this instance's live stream at once. Only
 * ticks notify, never the writers: a NOTIFY makes its transaction's commit wait for every other
 * notifying commit. The notification is only a wake-up; the outbox stays the source of truth, and
 * the stream also polls, so a notification lost with a dropped connection delays nothing for long.
 */
@Component
class TickNotifications implements BackgroundThread.Owner {

    private static final Logger log = LoggerFactory.getLogger(TickNotifications.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final LiveEventStream stream;
    private final String url;
    private final String username;
    private final String password;
    private final BackgroundThread thread = new BackgroundThread("outbox-listener", this::listen);

    /** Its own connection, outside the pools, to the database the pools use (Spring Boot's {@code spring.datasource.*}). */
    TickNotifications(LiveEventStream stream, DataSourceProperties database) {
        this.stream = stream;
        this.url = database.determineUrl();
        this.username = database.determineUsername();
        this.password = database.determinePassword();
    }

    @Override
    public BackgroundThread backgroundThread() {
        return thread;
    }

    private void listen() {
        while (thread.isRunning()) {
            try (Connection connection = DriverManager.getConnection(url, username, password)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + OutboxTicks.CHANNEL);
                }
                stream.wake(); // whatever was cut while not listening
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (thread.isRunning()) {
                    var notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        stream.wake();
                    }
                }
            } catch (SQLException e) {
                if (thread.isRunning()) {
                    log.warn("Outbox listener lost its connection; reconnecting: {}", e.getMessage());
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
