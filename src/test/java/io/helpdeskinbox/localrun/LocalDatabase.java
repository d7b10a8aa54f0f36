package io.helpdeskinbox.localrun;

import io.helpdeskinbox.infrastructure.ProductionProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The database of a development run, decided once the environment is known and before anything
 * connects:
 * <ol>
 * <li>{@code spring.datasource.url} set (e.g. {@code SPRING_DATASOURCE_URL}): that database, nothing
 * started; a production profile without one has already been refused ({@code ProductionDatabaseCheck});
 * <li>a PostgreSQL answering at {@code inbox.dev.probe-url} (default that of {@code docker compose up
 * postgres}: localhost:5432/inbox, user and password inbox): that one;
 * <li>otherwise an embedded PostgreSQL keeping its data in {@code pgdata} under {@code inbox.dev.home}
 * (default {@code .inbox}, git-ignored), so a restart keeps the conversations; {@code --inbox.dev.reset} or deleting
 * the folder starts afresh. It stops with the app.
 * </ol>
 * Without {@code INBOX_ADMIN_TOKEN} the admin token is generated once and kept in
 * {@code .inbox/admin-token}, so the curl commands of yesterday still work. When the app is ready
 * it prints where it is, the token, where the data lives and a command to try.
 */
class LocalDatabase implements SpringApplicationRunListener {

    static final String DEFAULT_PROBE = "jdbc:postgresql://localhost:5432/inbox";
    private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);
    /** Embedded servers this JVM started, for tests that prove when none is. */
    static final AtomicInteger STARTED = new AtomicInteger();

    private EmbeddedPostgresServer embedded;
    private String data;
    private String adminToken;
    private String adminTokenSource;

    @Override
    public void environmentPrepared(ConfigurableBootstrapContext bootstrap, ConfigurableEnvironment environment) {
        String configured = environment.getProperty("spring.datasource.url");
        if (configured != null && !configured.isBlank()) {
            data = "the configured database " + configured;
            return;
        }
        if (ProductionProfile.isActive(environment)) {
            return; // refused before this point; never an embedded database under a production profile
        }
        Path home = Path.of(environment.getProperty("inbox.dev.home", ".inbox")).toAbsolutePath();
        Map<String, Object> properties = new HashMap<>();
        String probe = environment.getProperty("inbox.dev.probe-url", DEFAULT_PROBE);
        String probeUser = environment.getProperty("inbox.dev.probe-username", "inbox");
        String probePassword = environment.getProperty("inbox.dev.probe-password", "inbox");
        if (PostgresProbe.answers(probe, probeUser, probePassword)) {
            properties.put("spring.datasource.url", probe);
            properties.put("spring.datasource.username", probeUser);
            properties.put("spring.datasource.password", probePassword);
            data = "the PostgreSQL at " + probe;
        } else {
            Path directory = home.resolve("pgdata");
            String reset = environment.getProperty("inbox.dev.reset");
            if (reset != null && (reset.isEmpty() || Boolean.parseBoolean(reset))) {
                try {
                    FileSystemUtils.deleteRecursively(directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not delete " + directory, e);
                }
                log.info("Starting afresh: deleted {}", directory);
            }
            log.info("Starting an embedded PostgreSQL with its data in {}", directory);
            embedded = EmbeddedPostgresServer.keepingDataIn(directory);
            STARTED.incrementAndGet();
            properties.put("spring.datasource.url", embedded.database("inbox"));
            properties.put("spring.datasource.username", EmbeddedPostgresServer.USER);
            properties.put("spring.datasource.password", "");
            data = directory + " (embedded PostgreSQL 16 on port " + embedded.port()
                    + "; --inbox.dev.reset or deleting the folder starts afresh)";
        }
        adminToken = environment.getProperty("inbox.admin-token");
        adminTokenSource = "INBOX_ADMIN_TOKEN";
        if (adminToken == null || adminToken.isBlank()) {
            Path file = home.resolve("admin-token");
            adminToken = readOrCreateToken(file);
            adminTokenSource = "kept in " + file;
            properties.put("inbox.admin-token", adminToken);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("localDatabase", properties));
    }

    @Override
    public void contextPrepared(ConfigurableApplicationContext context) {
        if (embedded != null) {
            // registered before every other bean, so destroyed after them all: the pools close first
            ((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("embeddedPostgres",
                    this::stopEmbedded);
        }
    }

    @Override
    public void ready(ConfigurableApplicationContext context, Duration timeTaken) {
        if (adminToken == null) {
            return;
        }
        String url = "http://localhost:" + context.getEnvironment().getProperty("local.server.port", "8080");
        String rule = "=".repeat(100);
        System.out.println(String.join(System.lineSeparator(), "", rule,
                "  Helpdesk Inbox is running (development)",
                "    URL:          " + url + "   (API documentation: " + url + "/swagger-ui.html)",
                "    Admin token:  " + adminToken + "   (" + adminTokenSource + ")",
                "    Data:         " + data,
                "    Try:          curl -H 'Authorization: Bearer " + adminToken + "' " + url + "/api/v1/conversations/counts",
                "    Sign in:      " + (context.getEnvironment().getProperty("inbox.demo", Boolean.class, false)
                        ? "as the demo agent, through the link printed above (\"Sign in as the demo agent\")"
                        : "INBOX_DEMO=true seeds a demo inbox and prints a sign-in link for a demo agent; or paste "
                                + "the admin token under \"Sign in with a token instead\""),
                rule, ""));
    }

    @Override
    public void failed(ConfigurableApplicationContext context, Throwable exception) {
        stopEmbedded();
    }

    private void stopEmbedded() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }

    private static String readOrCreateToken(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String token = "ihb_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Files.createDirectories(file.getParent());
            Files.writeString(file, token + System.lineSeparator());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the development admin token in " + file, e);
        }
    }
}
