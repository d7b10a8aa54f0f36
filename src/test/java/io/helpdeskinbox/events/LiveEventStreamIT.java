package io.helpdeskinbox.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** The live stream over real HTTP, as the frontend uses it. */
class LiveEventStreamIT extends InboxIntegrationTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void aClientSeesTheReferenceWalkthroughInOrderWithTheCountersOfEachStep() throws Exception {
        long agent = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        try (SseClient stream = SseClient.connect(baseUrl(), ADMIN_TOKEN, null, null)) {
            long conversation = inbox.post("/api/v1/conversations",
                    Map.of("visitor", Map.of("name", "Cristóbal Villar")), HttpStatus.CREATED).get("id").asLong();
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);

            List<SseClient.Event> events = stream.take(3, SOON);

            assertThat(events).extracting(SseClient.Event::name)
                    .containsExactly("conversation.created", "conversation.assigned", "conversation.archived");
            assertThat(events).extracting(SseClient.Event::id).isSorted();
            assertStep(events.get(0), "UNASSIGNED", 1, 0, 0, null);
            assertStep(events.get(1), "ASSIGNED", 0, 1, 0, 1);
            assertStep(events.get(2), "ARCHIVED", 0, 0, 1, 0);
            assertThat(events.get(0).data().get("conversation").get("visitor").get("name").asString())
                    .isEqualTo("Cristóbal Villar");
            assertThat(events.get(1).data().get("agents").get(0).get("name").asString()).isEqualTo("Cris Villar");
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsExactlyWhatItMissedInOrder() throws Exception {
        long agent = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        long conversation = inbox.startConversation("Cristóbal Villar");
        long lastSeen;
        try (SseClient stream = SseClient.connect(baseUrl(), ADMIN_TOKEN, null, null)) {
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            lastSeen = stream.take(1, SOON).get(0).id();
        }

        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(inbox.action(conversation, "unassign", null).status()).isEqualTo(200);
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            expected.add("conversation.unassigned");
            expected.add("conversation.assigned");
        }

        try (SseClient resumed = SseClient.connect(baseUrl(), ADMIN_TOKEN, lastSeen, null)) {
            List<SseClient.Event> missed = resumed.take(20, SOON);
            assertThat(missed).extracting(SseClient.Event::name).containsExactlyElementsOf(expected);
            assertThat(missed).extracting(SseClient.Event::id).isSorted().doesNotHaveDuplicates()
                    .allMatch(id -> id > lastSeen);
            resumed.assertNothingMore(Duration.ofMillis(500));
        }
    }

    @Test
    void aChangeThroughOneInstanceReachesAClientOfAnotherWithinASecond() throws Exception {
        try (SecondInstance second = new SecondInstance();
                SseClient onSecond = SseClient.connect("http://localhost:" + second.port(), ADMIN_TOKEN, null, null)) {
            long started = System.nanoTime();
            inbox.startConversation("Cristóbal Villar");

            SseClient.Event event = onSecond.take(1, Duration.ofSeconds(1)).get(0);

            assertThat(event.name()).isEqualTo("conversation.created");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aClientMayAskForSomeEventTypesOnly() throws Exception {
        long agent = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        try (SseClient stream = SseClient.connect(baseUrl(), ADMIN_TOKEN, null, "types=conversation.assigned,agent.updated")) {
            long conversation = inbox.startConversation("Cristóbal Villar");
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            inbox.setAvailability(agent, "BUSY");

            assertThat(stream.take(2, SOON)).extracting(SseClient.Event::name)
                    .containsExactly("conversation.assigned", "agent.updated");
            stream.assertNothingMore(Duration.ofMillis(300));
        }
    }

    @Test
    void messagesAndAgentChangesAreEventsToo() throws Exception {
        var agent = inbox.hireAgent("Cris Villar", "cris.villar@example.com");
        long conversation = inbox.startConversation("Cristóbal Villar");
        assertThat(inbox.assign(conversation, agent.id()).status()).isEqualTo(200);
        try (SseClient stream = SseClient.connect(baseUrl(), agent.token(), null, null)) {
            inbox.as(agent.token()).post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("author", "AGENT", "text", "Hola"), HttpStatus.CREATED);
            inbox.setAvailability(agent.id(), "ONLINE");

            List<SseClient.Event> events = stream.take(2, SOON);
            assertThat(events.get(0).name()).isEqualTo("message.created");
            assertThat(events.get(0).data().get("message").get("text").asString()).isEqualTo("Hola");
            assertThat(events.get(1).name()).isEqualTo("agent.updated");
            assertThat(events.get(1).data().get("agents").get(0).get("availability").asString()).isEqualTo("ONLINE");
        }
    }

    @Test
    void theStreamNeedsATokenAndRefusesUnknownFilters() {
        WireResponse.send(inbox.anonymous().http().get().uri("/api/v1/events")).assertProblem(401);
        WireResponse.send(inbox.http().get().uri("/api/v1/events?types=conversation.stolen")).assertProblem(400);
        WireResponse.send(inbox.http().get().uri("/api/v1/events").header("Last-Event-ID", "abc")).assertProblem(400);
    }

    private static void assertStep(SseClient.Event event, String status, long unassigned, long assigned, long archived,
            Integer agentCounter) {
        JsonNode data = event.data();
        assertThat(data.get("type").asString()).isEqualTo(event.name());
        assertThat(data.get("id").asLong()).isEqualTo(event.id());
        assertThat(data.get("conversation").get("status").asString()).isEqualTo(status);
        JsonNode folders = data.get("folderCounts");
        assertThat(folders.get("unassigned").asLong()).isEqualTo(unassigned);
        assertThat(folders.get("assigned").asLong()).isEqualTo(assigned);
        assertThat(folders.get("archived").asLong()).isEqualTo(archived);
        assertThat(folders.get("all").asLong()).isEqualTo(1);
        if (agentCounter == null) {
            assertThat(data.get("agents")).isEmpty();
        } else {
            assertThat(data.get("agents").get(0).get("activeConversations").asInt()).isEqualTo(agentCounter);
        }
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}
