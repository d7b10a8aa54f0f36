package io.helpdeskinbox.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** What ops see: the Prometheus scrape after a scenario, the health probes, request ids. */
class OperationsIT extends InboxIntegrationTest {

    @Test
    void thePrometheusScrapeShowsTheInboxMetricsAfterAScenario() throws Exception {
        // the registry lives as long as the application context, which other test classes share
        String before = scrape();
        long ana = inbox.createAgent("Ana", "ana@example.com");
        inbox.setAvailability(ana, "ONLINE");
        long autoAssigned = inbox.startWaitingConversation("Cristóbal Villar").get("id").asLong();
        assertThat(inbox.conversation(autoAssigned).path("status").asString()).isEqualTo("ASSIGNED");

        inbox.setAvailability(ana, "BUSY");
        long waitingFrom = System.nanoTime();
        inbox.startWaitingConversation("Nobody Online"); // waits: outcome no_agent_available
        long manual = inbox.startConversation("By Hand");
        assertThat(inbox.assign(manual, ana).status()).isEqualTo(200);
        assertThat(inbox.action(manual, "archive", null).status()).isEqualTo(200);

        // a receiver that refuses connections: every attempt fails
        inbox.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:1/refused", "events",
                List.of("conversation.created"), "secret", "a-secret-of-some-length"), HttpStatus.CREATED);
        inbox.startConversation("Webhook Trigger");

        try (SseClient stream = SseClient.connect("http://localhost:" + port, ADMIN_TOKEN, null, null)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String scrape = scrape();
                assertThat(sample(scrape, "inbox_events_clients", "")).isEqualTo(1.0);
                assertThat(increase(before, scrape, "inbox_webhook_delivery_failures_total", ""))
                        .isGreaterThanOrEqualTo(1.0);
                assertThat(sample(scrape, "inbox_queue_length", "")).isEqualTo(1.0);
            });
            String after = scrape();
            assertThat(increase(before, after, "inbox_transitions_seconds_count", "action=\"assign\".*exception=\"none\".*reason=\"MANUAL\""))
                    .isEqualTo(1.0);
            assertThat(increase(before, after, "inbox_transitions_seconds_count", "action=\"archive\".*exception=\"none\".*reason=\"MANUAL\""))
                    .isEqualTo(1.0);
            assertThat(increase(before, after, "inbox_transitions_seconds_count", "action=\"create\".*exception=\"none\".*reason=\"MANUAL\""))
                    .isEqualTo(4.0);
            assertThat(after).as("latency histogram buckets").contains("inbox_transitions_seconds_bucket{");
            assertThat(increase(before, after, "inbox_auto_assignments_total", "reason=\"AUTO\"")).isEqualTo(1.0);
            assertThat(increase(before, after, "inbox_auto_assignment_outcomes_total", "outcome=\"assigned\""))
                    .isEqualTo(1.0);
            assertThat(increase(before, after, "inbox_auto_assignment_outcomes_total",
                    "outcome=\"no_agent_available\"")).isGreaterThanOrEqualTo(1.0);
            assertThat(increase(before, after, "inbox_assignment_wait_seconds_count", "reason=\"AUTO\"")).isEqualTo(1.0);
            // Nobody Online's wait: it has begun, and began no earlier than the request that started it
            double waitedAtMost = (System.nanoTime() - waitingFrom) / 1e9;
            assertThat(sample(after, "inbox_queue_length", "")).isEqualTo(1.0);
            assertThat(sample(after, "inbox_queue_oldest_wait_seconds", "")).as("the oldest wait, in seconds")
                    .isGreaterThan(0.0).isLessThanOrEqualTo(waitedAtMost);
            assertThat(increase(before, after, "inbox_webhook_deliveries_total", "outcome=\"failed_will_retry\""))
                    .isGreaterThanOrEqualTo(1.0);
        }
    }

    @Test
    void metricsAreForAdminsOnlyWhileHealthProbesArePublic() {
        assertThat(WireResponse.send(inbox.anonymous().http().get().uri("/actuator/prometheus")).status()).isEqualTo(401);
        String agentToken = inbox.hireAgent("Ana", "ana@example.com").token();
        assertThat(WireResponse.send(inbox.as(agentToken).http().get().uri("/actuator/prometheus")).status())
                .isEqualTo(403);

        for (String probe : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            WireResponse health = WireResponse.send(inbox.anonymous().http().get().uri(probe));
            assertThat(health.status()).as(probe).isEqualTo(200);
            assertThat(health.json().path("status").asString()).as(probe).isEqualTo("UP");
        }
        WireResponse readiness = WireResponse.send(inbox.http().get().uri("/actuator/health/readiness"));
        assertThat(readiness.json().path("components").has("db")).as("readiness checks the database: %s",
                readiness.body()).isTrue();
    }

    @Test
    void aRequestIdIsEchoedAndNamedInProblemsAndAnInsaneOneIsReplaced() {
        WireResponse missing = WireResponse.send(inbox.http().get().uri("/api/v1/conversations/999999")
                .header("X-Request-Id", "partner-retry-42")).assertProblem(404);
        assertThat(missing.headers().getFirst("X-Request-Id")).isEqualTo("partner-retry-42");
        assertThat(missing.json().path("requestId").asString()).isEqualTo("partner-retry-42");

        WireResponse invalid = WireResponse.send(inbox.invalidRequests().http().post().uri("/api/v1/agents")
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"\"}")
                .header("X-Request-Id", "not sane <script>")).assertProblem(400);
        String generated = invalid.headers().getFirst("X-Request-Id");
        assertThat(generated).matches("[0-9a-f-]{36}");
        assertThat(invalid.json().path("requestId").asString()).isEqualTo(generated);

        WireResponse refused = WireResponse.send(inbox.anonymous().http().get().uri("/api/v1/agents")
                .header("X-Request-Id", "no-token-1")).assertProblem(401);
        assertThat(refused.json().path("requestId").asString()).isEqualTo("no-token-1");

        JsonNode ok = inbox.get("/api/v1/conversations/counts");
        assertThat(ok.has("requestId")).as("only problems carry it in the body").isFalse();
    }

    private String scrape() {
        WireResponse response = WireResponse.send(inbox.http().get().uri("/actuator/prometheus")
                .accept(MediaType.TEXT_PLAIN));
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** How much a counter grew between two scrapes (a series absent before counts from 0). */
    private static double increase(String before, String after, String metric, String labels) {
        double was = find(before, metric, labels);
        return sample(after, metric, labels) - (Double.isNaN(was) ? 0 : was);
    }

    /** The value of the first sample of {@code metric} whose labels match {@code labels} (a regex). */
    private static double sample(String scrape, String metric, String labels) {
        double value = find(scrape, metric, labels);
        assertThat(value).as("%s{%s} in the scrape:%n%s", metric, labels,
                scrape.lines().filter(l -> l.startsWith("inbox_")).toList()).isNotNaN();
        return value;
    }

    private static double find(String scrape, String metric, String labels) {
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*" + labels + "[^}]*})? (\\S+)$");
        var matcher = line.matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : Double.NaN;
    }

    @Test
    void theAppsSessionsEndATransactionLeftIdleSoNoneHoldsEventDeliveryBack() {
        assertThat(jdbc.sql("show idle_in_transaction_session_timeout").query(String.class).single()).isEqualTo("30s");
    }

    /** The relay's cut and /counts are estimated far above their real cost; LLVM compiled them on every run. */
    @Test
    void theAppsSessionsDoNotCompileStatementsWithTheJit() {
        assertThat(jdbc.sql("show jit").query(String.class).single()).isEqualTo("off");
    }
}
