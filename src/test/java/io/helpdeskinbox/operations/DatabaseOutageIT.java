package io.helpdeskinbox.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The database goes away under the app (its sessions terminated, new ones refused) and comes back:
 * every request meanwhile gets a 503 problem with Retry-After within a bounded time, never a 500 or
 * a hang; readiness goes DOWN and UP again by itself; a live stream opened before the outage carries
 * the changes made after it; and nothing is half-done.
 */
class DatabaseOutageIT extends InboxIntegrationTest {

    @Test
    void whileTheDatabaseIsAwayRequestsGet503WithRetryAfterAndEverythingRecoversByItself() throws Exception {
        long ana = inbox.createAgent("Ana", "ana@example.com");
        String agentToken = inbox.hireAgent("Ben", "ben@example.com").token();
        long waiting = inbox.startConversation("Carmen");
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try (SseClient stream = SseClient.connect("http://localhost:" + port, ADMIN_TOKEN, null, null)) {
            stream.takeAll(Duration.ofMillis(500)); // the totals sent on connect

            refuseConnections();
            List<Future<WireResponse>> during = new ArrayList<>();
            long started = System.nanoTime();
            for (Callable<WireResponse> request : List.<Callable<WireResponse>>of(
                    () -> WireResponse.send(inbox.http().post().uri("/api/v1/conversations")
                            .contentType(MediaType.APPLICATION_JSON).body(Map.of("visitor", Map.of("name", "Dora")))),
                    () -> inbox.assign(waiting, ana),
                    () -> WireResponse.send(inbox.http().get().uri("/api/v1/conversations/counts")),
                    () -> WireResponse.send(inbox.http().get().uri("/api/v1/conversations?folder=unassigned")),
                    // an agent's token is checked in the database: unavailable, not "unauthenticated"
                    () -> WireResponse.send(inbox.as(agentToken).http().get().uri("/api/v1/agents")))) {
                during.add(clients.submit(request));
            }
            for (Future<WireResponse> answer : during) {
                WireResponse response = answer.get(30, TimeUnit.SECONDS);
                response.assertProblem(503).assertProblemType("service-unavailable").assertRevealsNoInternals();
                assertThat(response.headers().getFirst("Retry-After")).as(response.request()).matches("[1-9][0-9]*");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("bounded by the pool's connection timeout, not a hang").isLessThan(Duration.ofSeconds(15));
            WireResponse readiness = WireResponse.send(inbox.anonymous().http().get().uri("/actuator/health/readiness"));
            assertThat(readiness.status()).as(readiness.body()).isEqualTo(503);
            assertThat(readiness.json().path("status").asString()).isEqualTo("DOWN");

            allowConnections();
            long restored = System.nanoTime();
            JsonNode created = awaitAnswer(() -> WireResponse.send(inbox.http().post().uri("/api/v1/conversations")
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("visitor", Map.of("name", "Elena")))), 201);
            // about a second on a quiet machine, five seen on a loaded one; a pool that kept its dead
            // connections would take minutes (until they are retired), far beyond this margin
            assertThat(Duration.ofNanos(System.nanoTime() - restored)).as("recovered after the database answered")
                    .isLessThan(Duration.ofSeconds(15));
            awaitAnswer(() -> WireResponse.send(inbox.anonymous().http().get().uri("/actuator/health/readiness")), 200);
            assertThat(inbox.assign(waiting, ana).status()).isEqualTo(200);

            // the stream opened before the outage carries the changes after it, and none from during it
            List<SseClient.Event> changes = stream.takeChanges(2, Duration.ofSeconds(5));
            assertThat(changes).extracting(SseClient.Event::name)
                    .containsExactly("conversation.created", "conversation.assigned");
            assertThat(changes.get(0).data().path("conversation").path("id").asLong()).isEqualTo(created.path("id").asLong());
        } finally {
            allowConnections();
            clients.shutdownNow();
        }
        JsonNode counts = inbox.get("/api/v1/conversations/counts");
        assertThat(counts.path("all").asLong()).as("Carmen and Elena; Dora's request changed nothing").isEqualTo(2);
        assertThat(inbox.consistencyReport().path("consistent").asBoolean()).isTrue();
    }

    private static JsonNode awaitAnswer(Supplier<WireResponse> request, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        WireResponse last;
        do {
            last = request.get();
            if (last.status() == status) {
                return last.json();
            }
            assertThat(last.status()).as("while recovering: %s", last.body()).isNotEqualTo(500);
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + status + " within 20 s of the database's return; last: " + last.status() + " " + last.body());
    }

    /** New sessions to the test database are refused and the app's sessions are ended, as in an outage. */
    private static void refuseConnections() throws SQLException {
        String database = databaseName();
        onMaintenanceDatabase("alter database " + database + " with allow_connections false",
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
    }

    private static void allowConnections() throws SQLException {
        onMaintenanceDatabase("alter database " + databaseName() + " with allow_connections true");
    }

    private static void onMaintenanceDatabase(String... statements) throws SQLException {
        TestDatabase.Coordinates db = TestDatabase.get();
        String maintenance = db.url().replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
        try (Connection connection = DriverManager.getConnection(maintenance, db.username(), db.password());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String databaseName() {
        String url = TestDatabase.get().url();
        String path = url.substring(url.indexOf("//") + 2);
        String name = path.substring(path.indexOf('/') + 1);
        return name.contains("?") ? name.substring(0, name.indexOf('?')) : name;
    }
}
