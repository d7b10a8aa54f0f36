package io.helpdeskinbox.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** The live stream over real HTTP, as the frontend uses it. */
class LiveEventStreamIT extends InboxIntegrationTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void aClientSeesTheReferenceWalkthroughInOrderWithTheFoldersAndCountersOfEachStep() throws Exception {
        long agent = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        awaitEverythingTicked(); // the agent's creation is not part of what the stream is to show
        try (SseClient stream = SseClient.connect(baseUrl(), ADMIN_TOKEN, null, null)) {
            long conversation = inbox.post("/api/v1/conversations",
                    Map.of("visitor", Map.of("name", "Cristóbal Villar")), HttpStatus.CREATED).get("id").asLong();
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);

            List<SseClient.Event> events = stream.takeUntil(
                    event -> event.isCounted() && event.data().get("folderCounts").get("archived").asLong() == 1, SOON);

            assertThat(events.get(0).name()).as("the totals come first").isEqualTo("folders.counted");
            assertTotals(events.get(0), 0, 0, 0);
            assertThat(events).extracting(SseClient.Event::id).isSortedAccordingTo(Comparator.naturalOrder())
                    .doesNotHaveDuplicates();
            List<SseClient.Event> changes = events.stream().filter(event -> !event.isCounted()).toList();
            assertThat(changes).extracting(SseClient.Event::name)
                    .containsExactly("conversation.created", "conversation.assigned", "conversation.archived");
            assertStep(changes.get(0), "UNASSIGNED", null, "unassigned", null, 0);
            assertStep(changes.get(1), "ASSIGNED", "unassigned", "assigned", 1, 1);
            assertStep(changes.get(2), "ARCHIVED", "assigned", "archived", 0, 2);
            assertThat(changes.get(0).data().get("conversation").get("visitor").get("name").asString())
                    .isEqualTo("Cristóbal Villar");
            assertThat(changes.get(1).data().get("agents").get(0).get("name").asString()).isEqualTo("Cris Villar");
            assertTotals(events.get(events.size() - 1), 0, 0, 1);
            assertThat(events.get(events.size() - 1).data().get("folderCounts"))
                    .isEqualTo(inbox.get("/api/v1/conversations/counts"));
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsTheTotalsThereAndThenExactlyWhatItMissedInOrder() throws Exception {
        long agent = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        long conversation = inbox.startConversation("Cristóbal Villar");
        awaitEverythingTicked();
        String lastSeen;
        try (SseClient stream = SseClient.connect(baseUrl(), ADMIN_TOKEN, null, null)) {
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            lastSeen = stream.takeChanges(1, SOON).get(0).id();
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(inbox.action(conversation, "unassign", null).status()).isEqualTo(200);
            assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
            expected.add("conversation.unassigned");
            expected.add("conversation.assigned");
        }

        try (SseClient resumed = SseClient.connect(baseUrl(), ADMIN_TOKEN, lastSeen, null)) {
            SseClient.Event totals = resumed.take(1, SOON).get(0);
            assertThat(totals.name()).isEqualTo("folders.counted");
            assertThat(totals.id()).as("after the last event seen").isGreaterThan(lastSeen);
            assertTotals(totals, 0, 1, 0);

            List<SseClient.Event> missed = resumed.takeChanges(20, SOON);
            assertThat(missed).extracting(SseClient.Event::name).containsExactlyElementsOf(expected);
            assertThat(missed).extracting(SseClient.Event::id).isSortedAccordingTo(Comparator.naturalOrder())
                    .doesNotHaveDuplicates().allMatch(id -> id.compareTo(totals.id()) > 0);
            assertThat(missed).extracting(event -> event.data().get("conversation").get("version").asLong())
                    .as("versions in order").isSorted().doesNotHaveDuplicates();
            List<SseClient.Event> rest = resumed.takeUntil(SseClient.Event::isCounted, SOON);
            assertTotals(rest.get(rest.size() - 1), 0, 1, 0);
            resumed.assertNothingMore(Duration.ofMillis(500));
        }
    }

    /**
     * A stream ends at the server's stream timeout (two seconds on the second instance here); the
     * client reconnects with the last id it saw and gets what was committed meanwhile, nothing twice.
     */
    @Test
    void aStreamEndsAtItsTimeoutAndTheClientResumesWhereItEnded() throws Exception {
        long first = inbox.startConversation("Before the end");
        awaitEverythingTicked();
        try (SecondInstance second = new SecondInstance(Map.of("inbox.events.stream-timeout", "PT2S"))) {
            String secondUrl = "http://localhost:" + second.port();
            String lastSeen;
            try (SseClient stream = SseClient.connect(secondUrl, ADMIN_TOKEN, null, "types=conversation.archived")) {
                assertThat(inbox.action(first, "archive", null).status()).isEqualTo(200);
                lastSeen = stream.take(1, SOON).get(0).id();
                assertThat(stream.awaitEnded(Duration.ofSeconds(10))).as("nothing after the archive").isEmpty();
            }
            long later = inbox.startConversation("After the end");
            assertThat(inbox.action(later, "archive", null).status()).isEqualTo(200);
            try (SseClient resumed = SseClient.connect(secondUrl, ADMIN_TOKEN, lastSeen, "types=conversation.archived")) {
                SseClient.Event missed = resumed.take(1, SOON).get(0);
                assertThat(missed.data().get("conversation").get("id").asLong()).isEqualTo(later);
                assertThat(missed.id()).isGreaterThan(lastSeen);
            }
        }
    }

    /**
     * Delivery to another instance is measured apart from its stream's safety-net poll, which is set
     * to an hour there: a change reaches the other instance's client through the tick notification
     * alone, and within the contract's second (p95 over 50 changes, each timed from its committed
     * response; the benchmark measures how far within: the test keeps a margin for a loaded machine).
     */
    @Test
    void aChangeThroughOneInstanceReachesAClientOfAnotherThroughTheNotificationAlone() throws Exception {
        try (SecondInstance second = new SecondInstance(Map.of("inbox.events.stream-poll", "PT1H"));
                SseClient onSecond = SseClient.connect("http://localhost:" + second.port(), ADMIN_TOKEN, null,
                        "types=conversation.created")) {
            List<Long> latenciesMillis = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                long conversation = inbox.startConversation("Visitor " + i);
                long committed = System.nanoTime();
                // within 5 s, where only the notification can bring it (the folder totals between are skipped)
                SseClient.Event event = onSecond.takeChanges(1, Duration.ofSeconds(5)).get(0);
                latenciesMillis.add((System.nanoTime() - committed) / 1_000_000);
                assertThat(event.data().get("conversation").get("id").asLong()).isEqualTo(conversation);
            }
            List<Long> sorted = latenciesMillis.stream().sorted().toList();
            assertThat(sorted.get(sorted.size() * 95 / 100 - 1)).as("p95 ms of %s", latenciesMillis).isLessThan(1000);
        }
    }

    @Test
    void aClientMayAskForSomeEventTypesOnly() throws Exception {
        long agent = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        awaitEverythingTicked();
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
        awaitEverythingTicked();
        try (SseClient stream = SseClient.connect(baseUrl(), agent.token(), null, null)) {
            inbox.as(agent.token()).post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("author", "AGENT", "text", "Hola"), HttpStatus.CREATED);
            inbox.setAvailability(agent.id(), "ONLINE");

            List<SseClient.Event> events = stream.takeChanges(3, SOON);
            assertThat(events.get(0).name()).as("the agent's own stream shows it is there").isEqualTo("agent.updated");
            assertThat(events.get(0).data().get("agents").get(0).get("present").asBoolean()).isTrue();
            assertThat(events.get(1).name()).isEqualTo("message.created");
            assertThat(events.get(1).data().get("message").get("text").asString()).isEqualTo("Hola");
            assertThat(events.get(1).data().get("fromFolder").asString()).as("a message moves nothing")
                    .isEqualTo(events.get(1).data().get("toFolder").asString()).isEqualTo("assigned");
            assertThat(events.get(2).name()).isEqualTo("agent.updated");
            assertThat(events.get(2).data().get("agents").get(0).get("availability").asString()).isEqualTo("ONLINE");
        }
    }

    @Test
    void theStreamNeedsATokenAndRefusesUnknownFiltersAndPositions() {
        WireResponse.send(inbox.anonymous().http().get().uri("/api/v1/events")).assertProblem(401);
        WireResponse.send(inbox.http().get().uri("/api/v1/events?types=conversation.stolen")).assertProblem(400);
        WireResponse.send(inbox.http().get().uri("/api/v1/events").header("Last-Event-ID", "abc")).assertProblem(400);
        // a well-formed position beyond the stream: never sent by this service
        WireResponse.send(inbox.http().get().uri("/api/v1/events")
                .header("Last-Event-ID", "7fffffffffffffff00000000000000000000")).assertProblem(400);
    }

    private static void assertStep(SseClient.Event event, String status, String fromFolder, String toFolder,
            Integer agentCounter, long version) {
        JsonNode data = event.data();
        assertThat(data.get("type").asString()).isEqualTo(event.name());
        assertThat(data.get("id").asString()).isEqualTo(event.id());
        assertThat(data.get("conversation").get("status").asString()).isEqualTo(status);
        assertThat(data.get("conversation").get("version").asLong()).isEqualTo(version);
        assertThat(data.get("fromFolder").isNull() ? null : data.get("fromFolder").asString()).isEqualTo(fromFolder);
        assertThat(data.get("toFolder").asString()).isEqualTo(toFolder);
        assertThat(data.has("folderCounts")).as("changes carry no totals").isFalse();
        if (agentCounter == null) {
            assertThat(data.get("agents")).isEmpty();
        } else {
            assertThat(data.get("agents").get(0).get("activeConversations").asInt()).isEqualTo(agentCounter);
        }
    }

    private static void assertTotals(SseClient.Event event, long unassigned, long assigned, long archived) {
        assertThat(event.name()).isEqualTo("folders.counted");
        assertThat(event.data().get("id").asString()).isEqualTo(event.id());
        JsonNode totals = event.data().get("folderCounts");
        assertThat(List.of(totals.get("unassigned").asLong(), totals.get("assigned").asLong(),
                totals.get("archived").asLong(), totals.get("all").asLong()))
                .containsExactly(unassigned, assigned, archived, unassigned + assigned + archived);
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }
}
