package io.helpdeskinbox.assignment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL breaks a deadlock by aborting the transition's transaction, the transition is
 * retried whole and succeeds. The deadlock is made for real: an outside session holds the target
 * agent's row, the transfer waits for it while holding the conversation, and then the outside
 * session asks for the conversation.
 */
class DeadlockRetryIT extends InboxIntegrationTest {

    @Test
    void aTransferAbortedByADeadlockIsRetriedAndSucceeds() throws Exception {
        long from = inbox.createAgent("Ana", "ana@example.com");
        long to = inbox.createAgent("Bea", "bea@example.com");
        long conversationId = inbox.startConversation("Cristóbal Villar");
        assertThat(inbox.assign(conversationId, from).status()).isEqualTo(200);
        double retriesBefore = retries();

        TestDatabase.Coordinates db = TestDatabase.get();
        try (Connection outside = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement sql = outside.createStatement()) {
            outside.setAutoCommit(false);
            // Only the app's session may detect the deadlock, so it is the app's transaction that is aborted.
            sql.execute("set local deadlock_timeout = '60s'");
            sql.execute("select 1 from agent where id = " + to + " for no key update");

            CompletableFuture<WireResponse> transfer = CompletableFuture.supplyAsync(
                    () -> inbox.action(conversationId, "transfer", Map.of("agentId", to)));
            await().atMost(Duration.ofSeconds(10)).until(this::someoneWaitsForALock);

            sql.execute("select 1 from conversation where id = " + conversationId + " for update");
            outside.rollback();

            WireResponse response = transfer.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
            assertThat(response.json().get("assignee").get("id").asLong()).isEqualTo(to);
        }
        assertThat(retries()).isGreaterThan(retriesBefore);
        assertThat(inbox.get("/api/v1/agents/{id}", from).get("activeConversations").asInt()).isZero();
        assertThat(inbox.get("/api/v1/agents/{id}", to).get("activeConversations").asInt()).isEqualTo(1);
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    private double retries() {
        var measurements = inbox.get("/actuator/metrics/inbox.transaction.retries").get("measurements");
        return measurements.get(0).get("value").asDouble();
    }
}
