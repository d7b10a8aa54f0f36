package io.helpdeskinbox.localrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdeskinbox.TestInboxApplication;
import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The development run ({@code ./mvnw spring-boot:test-run}) as a new user meets it: with no
 * database configured and none answering where one is looked for, it starts an embedded PostgreSQL,
 * serves the API, and keeps the data across a restart; with a database configured, or under a
 * production profile, it never starts one. Each start is a real app on a free port, spoken to over
 * HTTP; whether a PostgreSQL runs is read off the machine's processes (pg_ctl detaches the server from
 * this JVM), not only off a counter.
 */
class LocalRunIT {

    @TempDir
    Path home;

    @Test
    void withNoDatabaseAnEmbeddedOneServesTheApiAndKeepsTheDataAcrossARestart() throws Exception {
        long conversation;
        try (ConfigurableApplicationContext app = TestInboxApplication.start(developmentRun())) {
            assertThat(postgresServing(home)).as("an embedded PostgreSQL with its data in the run's folder").isNotEmpty();
            InboxClient inbox = new InboxClient(url(app), Files.readString(home.resolve("admin-token")).strip());
            assertThat(inbox.anonymous().get("/actuator/health").get("status").asString()).isEqualTo("UP");
            long agent = inbox.createAgent("Ana", "ana@example.com");
            conversation = inbox.startConversation("Marta");
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            assertThat(inbox.action(conversation, "archive", null).json().get("status").asString()).isEqualTo("ARCHIVED");
        }
        assertThat(postgresServing(home)).as("stopped with the app").isEmpty();
        assertThat(home.resolve("pgdata/PG_VERSION")).exists();

        try (ConfigurableApplicationContext app = TestInboxApplication.start(developmentRun())) {
            InboxClient inbox = new InboxClient(url(app), Files.readString(home.resolve("admin-token")).strip());
            JsonNode kept = inbox.conversation(conversation);
            assertThat(kept.get("status").asString()).as("after a restart").isEqualTo("ARCHIVED");
            assertThat(inbox.get("/api/v1/agents").get("items")).hasSize(1);
        }

        try (ConfigurableApplicationContext app = TestInboxApplication.start(developmentRun("--inbox.dev.reset"))) {
            InboxClient inbox = new InboxClient(url(app), Files.readString(home.resolve("admin-token")).strip());
            assertThat(inbox.get("/api/v1/agents").get("items")).as("after --inbox.dev.reset").isEmpty();
        }
    }

    @Test
    void demoDataFillsEveryFolderOnceAndTheEngineServesTheWaitingVisitors() throws Exception {
        for (int start = 1; start <= 2; start++) {
            try (ConfigurableApplicationContext app = TestInboxApplication.start(developmentRun("--inbox.demo=true"))) {
                InboxClient inbox = new InboxClient(url(app), Files.readString(home.resolve("admin-token")).strip());
                assertThat(inbox.get("/api/v1/agents").get("items")).as("start %d", start).hasSize(4);
                JsonNode counts = org.awaitility.Awaitility.await().until(
                        () -> inbox.get("/api/v1/conversations/counts"), c -> c.get("assigned").asInt() == 5);
                assertThat(counts.get("unassigned").asInt()).as("two waiting and a bot's").isEqualTo(3);
                assertThat(counts.get("archived").asInt()).isEqualTo(2);
                assertThat(counts.get("all").asInt()).isEqualTo(10);
                assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
                // each start printed a new sign-in link for the demo agent: one open invitation, the newest
                assertThat(app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                        .sql("select count(*) from agent_invitation where used_at is null").query(Long.class).single())
                        .as("start %d", start).isEqualTo(1);
            }
        }
    }

    @Test
    void withADatabaseConfiguredNoEmbeddedOneStarts() throws Exception {
        int before = LocalRun.embeddedServersStarted();
        List<Long> running = embeddedPostgresProcesses();
        TestDatabase.Coordinates database = TestDatabase.get();
        try (ConfigurableApplicationContext app = TestInboxApplication.start(developmentRun(
                "--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password()))) {
            assertThat(embeddedPostgresProcesses()).isEqualTo(running);
            assertThat(new InboxClient(url(app), "unused").anonymous().get("/actuator/health").get("status").asString())
                    .isEqualTo("UP");
        }
        assertThat(LocalRun.embeddedServersStarted()).isEqualTo(before);
    }

    @Test
    void underAProductionProfileWithoutADatabaseItRefusesToStartAndStartsNone() throws Exception {
        int before = LocalRun.embeddedServersStarted();
        List<Long> running = embeddedPostgresProcesses();
        assertThatThrownBy(() -> TestInboxApplication.start(developmentRun("--spring.profiles.active=prod",
                "--inbox.admin-token=prod-admin-token-0123456789")))
                .hasStackTraceContaining("No database configured: set SPRING_DATASOURCE_URL");
        assertThat(embeddedPostgresProcesses()).isEqualTo(running);
        assertThat(LocalRun.embeddedServersStarted()).isEqualTo(before);
    }

    /** A free port for the app; the probe points at a closed port, so no local server is found. */
    private String[] developmentRun(String... more) throws IOException {
        List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=0", "--inbox.dev.home=" + home,
                "--inbox.dev.probe-url=jdbc:postgresql://127.0.0.1:" + closedPort() + "/inbox",
                "--logging.level.root=WARN"));
        arguments.addAll(List.of(more));
        return arguments.toArray(String[]::new);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String url(ConfigurableApplicationContext app) {
        return "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
    }

    /** PostgreSQL servers run from the embedded binaries (extracted under {@code embedded-pg}), by pid. */
    private static List<Long> embeddedPostgresProcesses() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command()
                        .map(command -> command.contains("embedded-pg") && command.endsWith("/postgres")).orElse(false))
                .map(ProcessHandle::pid).sorted().toList();
    }

    /** PostgreSQL servers whose data directory is under {@code home}. */
    private static List<ProcessHandle> postgresServing(Path home) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                .filter(process -> process.info().arguments().map(arguments -> String.join(" ", arguments))
                        .orElse("").contains(home.toString()))
                .toList();
    }

}
