package io.helpdeskinbox.support;

import io.helpdeskinbox.localrun.EmbeddedPostgresServer;
import io.helpdeskinbox.localrun.PostgresProbe;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL every test runs against, one fresh database per test JVM, chosen in this
 * order (and logged):
 * <ol>
 * <li>{@code INBOX_TEST_POSTGRES=host:port}, when set;
 * <li>a throwaway container (Testcontainers), when a Docker engine answers;
 * <li>the local server at 127.0.0.1:5432, when it answers;
 * <li>otherwise an embedded PostgreSQL 16 from Maven Central's binaries, in a temporary folder.
 * </ol>
 * On an existing server the run creates its own database {@code inbox_test_<random>} and drops it
 * when the JVM exits, so runs never see each other's rows. The user and password come from
 * {@code INBOX_TEST_POSTGRES_USER} (default postgres) and {@code INBOX_TEST_POSTGRES_PASSWORD}
 * (default empty).
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final String LOCAL_SERVER = "127.0.0.1:5432";
    private static Coordinates coordinates;

    public record Coordinates(String url, String username, String password) {
    }

    private TestDatabase() {
    }

    public static synchronized Coordinates get() {
        if (coordinates == null) {
            String server = System.getenv("INBOX_TEST_POSTGRES");
            if (server != null) {
                coordinates = createDatabaseOn(server);
            } else if (DockerClientFactory.instance().isDockerAvailable()) {
                coordinates = startContainer();
            } else if (PostgresProbe.answers("jdbc:postgresql://" + LOCAL_SERVER + "/postgres",
                    envOr("INBOX_TEST_POSTGRES_USER", "postgres"), envOr("INBOX_TEST_POSTGRES_PASSWORD", ""))) {
                coordinates = createDatabaseOn(LOCAL_SERVER);
            } else {
                coordinates = startEmbedded();
            }
        }
        return coordinates;
    }

    /**
     * Another, empty database on the same server as {@link #get()}, dropped when the JVM exits: for
     * a test that must see what the migrations alone leave, which the shared database's test base
     * overwrites before every test.
     */
    public static Coordinates another() {
        Coordinates shared = get();
        String url = shared.url();
        int query = url.indexOf('?');
        String parameters = query < 0 ? "" : url.substring(query);
        String withoutParameters = query < 0 ? url : url.substring(0, query);
        String server = withoutParameters.substring(0, withoutParameters.lastIndexOf('/') + 1);
        String database = "inbox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(url, shared.username(), shared.password(), "create database " + database);
        // dropped from the server's maintenance database: the shared one may be dropped at the same time
        String adminUrl = server + "postgres" + parameters;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute(adminUrl, shared.username(), shared.password(),
                "drop database if exists " + database + " with (force)")));
        log.info("A test uses the throwaway database {} too", database);
        return new Coordinates(server + database + parameters, shared.username(), shared.password());
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static Coordinates startContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        log.info("Tests use a PostgreSQL container at {}", container.getJdbcUrl());
        return new Coordinates(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static Coordinates startEmbedded() {
        // stopped, and its folder deleted, by the embedded server's own shutdown hook
        EmbeddedPostgresServer server = EmbeddedPostgresServer.throwaway();
        String url = server.database("inbox_test");
        log.info("Tests use an embedded PostgreSQL at {}", url);
        return new Coordinates(url, EmbeddedPostgresServer.USER, "");
    }

    private static Coordinates createDatabaseOn(String server) {
        String user = envOr("INBOX_TEST_POSTGRES_USER", "postgres");
        String password = envOr("INBOX_TEST_POSTGRES_PASSWORD", "");
        String database = "inbox_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String adminUrl = "jdbc:postgresql://" + server + "/postgres";
        execute(adminUrl, user, password, "create database " + database);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                execute(adminUrl, user, password, "drop database if exists " + database + " with (force)")));
        log.info("Tests use the throwaway database {} on {}", database, server);
        return new Coordinates("jdbc:postgresql://" + server + "/" + database, user, password);
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " refused: " + sql
                    + " (is it running? set INBOX_TEST_POSTGRES=host:port)", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
