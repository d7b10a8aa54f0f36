package io.helpdeskinbox.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The engine over HTTP: every expectation is checked right after the triggering request returns,
 * with the safety-net sweep switched off, so each one proves the trigger itself.
 */
class AutoAssignmentIT extends InboxIntegrationTest {

    @Autowired
    AssignmentDuties sweep;

    @AfterEach
    void countersEqualTheRows() {
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
    }

    /**
     * The shared database's settings row is rewritten by the test base before every test, so what it
     * holds proves nothing about the defaults: an instance of its own migrates an empty database, and
     * its settings must be the documented ones (README, "Auto-assignment") the migration's row holds.
     */
    @Test
    void aFreshlyMigratedDatabaseServesTheDocumentedDefaultSettings() {
        TestDatabase.Coordinates fresh = TestDatabase.another();
        try (SecondInstance migrated = new SecondInstance(Map.of("spring.datasource.url", fresh.url()))) {
            JsonNode defaults = migrated.client().get("/api/v1/settings/assignment");

            assertThat(defaults.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                    "autoAssignment", "strategy", "defaultCapacity", "reopenPolicy", "presence", "responseTimeout");
            assertThat(defaults.get("autoAssignment").isBoolean()).as("autoAssignment: %s", defaults).isTrue();
            assertThat(defaults.get("autoAssignment").asBoolean()).as("the engine is on").isTrue();
            assertThat(defaults.get("strategy").asString()).isEqualTo("BALANCED");
            assertThat(defaults.get("defaultCapacity").isNull()).as("unlimited: %s", defaults).isTrue();
            assertThat(defaults.get("reopenPolicy").asString()).isEqualTo("PREVIOUS_AGENT_IF_ONLINE");
            assertThat(defaults.get("presence").isBoolean()).as("presence: %s", defaults).isTrue();
            assertThat(defaults.get("presence").asBoolean()).as("presence is off").isFalse();
            assertThat(defaults.get("responseTimeout").isNull()).as("no response timeout: %s", defaults).isTrue();
        }
    }

    @Test
    void onlyValidSettingsAreTaken() {
        JsonNode changed = inbox.assignmentSettings(false, "ROUND_ROBIN", 4, "QUEUE");
        assertThat(changed).isEqualTo(inbox.get("/api/v1/settings/assignment"));
        assertThat(changed.get("defaultCapacity").asInt()).isEqualTo(4);

        for (String invalid : List.of("{\"autoAssignment\":true,\"strategy\":\"RANDOM\",\"reopenPolicy\":\"QUEUE\"}",
                "{\"autoAssignment\":true,\"strategy\":\"BALANCED\",\"defaultCapacity\":-1,\"reopenPolicy\":\"QUEUE\"}",
                "{\"strategy\":\"BALANCED\",\"reopenPolicy\":\"QUEUE\"}", "{\"autoAssignment\":\"yes\"}", "[]")) {
            WireResponse.send(inbox.invalidRequests().http().put().uri("/api/v1/settings/assignment")
                    .contentType(MediaType.APPLICATION_JSON).body(invalid)).assertProblem(400);
        }
        assertThat(inbox.get("/api/v1/settings/assignment")).isEqualTo(changed);
    }

    @Test
    void capacityIsNeverExceededAndFreedRoomGoesToTheConversationWaitingLongest() {
        List<Long> agents = onlineAgents(3, 2);
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(inbox.startWaitingConversation("Visitor " + i).get("id").asLong());
        }

        assertThat(agents).allSatisfy(agent -> assertThat(inbox.activeConversations(agent)).isEqualTo(2));
        assertThat(inbox.folder("assigned")).containsExactlyInAnyOrderElementsOf(waiting.subList(0, 6));
        assertThat(inbox.folder("unassigned")).as("the rest wait, longest first").containsExactlyElementsOf(waiting.subList(6, 10));

        long agent = inbox.conversation(waiting.get(0)).get("assignee").get("id").asLong();
        assertThat(inbox.action(waiting.get(0), "archive", null).status()).isEqualTo(200);

        JsonNode next = inbox.conversation(waiting.get(6));
        assertThat(next.get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(next.get("assignee").get("id").asLong()).isEqualTo(agent);
        JsonNode event = lastEvent(waiting.get(6));
        assertThat(event.get("type").asString()).isEqualTo("ASSIGNED");
        assertThat(event.get("reason").asString()).isEqualTo("AUTO");
        assertThat(event.get("actor").asString()).isEqualTo("system");
        assertThat(inbox.folder("unassigned")).containsExactlyElementsOf(waiting.subList(7, 10));
        assertThat(agents).allSatisfy(a -> assertThat(inbox.activeConversations(a)).isEqualTo(2));
    }

    @Test
    void withNobodyOnlineConversationsWaitUntilAnAgentComesOnlineAndPullsTheOldestUpToItsCapacity() {
        long busy = inbox.createAgent("Busy Bea", "bea@example.com", 10);
        inbox.setAvailability(busy, "BUSY");
        long offline = inbox.createAgent("Offline Olga", "olga@example.com", 3);
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(inbox.startWaitingConversation("Visitor " + i).get("id").asLong());
        }
        assertThat(inbox.folder("unassigned")).containsExactlyElementsOf(waiting);

        inbox.setAvailability(offline, "ONLINE");

        assertThat(inbox.folder("assigned")).containsExactlyInAnyOrderElementsOf(waiting.subList(0, 3));
        assertThat(inbox.activeConversations(offline)).isEqualTo(3);
        assertThat(inbox.folder("unassigned")).containsExactlyElementsOf(waiting.subList(3, 5));
        assertThat(inbox.activeConversations(busy)).as("BUSY agents receive nothing automatically").isZero();
    }

    @Test
    void aManualAssignmentOrTransferIsNeverOverridden() {
        long ana = onlineAgents(1, 5).get(0);
        long bea = inbox.createAgent("Busy Bea", "bea@example.com", 1);
        inbox.setAvailability(bea, "BUSY");
        inbox.assignmentSettings(false, "BALANCED", null, "QUEUE");
        long byHand = inbox.startWaitingConversation("Hand Picked").get("id").asLong();
        long transferred = inbox.startWaitingConversation("Transferred").get("id").asLong();
        assertThat(inbox.assign(byHand, bea).status()).isEqualTo(200);
        assertThat(inbox.assign(transferred, ana).status()).isEqualTo(200);
        assertThat(inbox.action(transferred, "transfer", Map.of("agentId", bea)).status()).isEqualTo(200);

        // every trigger the engine knows, after the humans chose
        inbox.assignmentSettings(true, "BALANCED", null, "QUEUE");
        inbox.setAvailability(ana, "OFFLINE");
        inbox.setAvailability(ana, "ONLINE");
        inbox.startWaitingConversation("Another visitor");
        inbox.assignmentSettings(true, "ROUND_ROBIN", 50, "QUEUE");

        assertThat(inbox.conversation(byHand).get("assignee").get("id").asLong()).isEqualTo(bea);
        assertThat(inbox.conversation(transferred).get("assignee").get("id").asLong()).isEqualTo(bea);
        assertThat(inbox.activeConversations(bea)).as("by hand, over its capacity of 1").isEqualTo(2);
    }

    @Test
    void anUnassignedConversationIsNotHandedStraightBackToTheAgentWhoReleasedIt() {
        long ana = onlineAgents(1, 5).get(0);
        long conversation = inbox.startWaitingConversation("Cristóbal Villar").get("id").asLong();
        assertThat(inbox.conversation(conversation).get("assignee").get("id").asLong()).isEqualTo(ana);

        assertThat(inbox.action(conversation, "unassign", null).status()).isEqualTo(200);
        assertThat(inbox.conversation(conversation).get("status").asString()).as("Ana has room but released it")
                .isEqualTo("UNASSIGNED");

        long ben = inbox.createAgent("Ben", "ben@example.com", 5);
        inbox.setAvailability(ben, "ONLINE");
        assertThat(inbox.conversation(conversation).get("assignee").get("id").asLong()).isEqualTo(ben);
    }

    /**
     * Ana handled the conversation and is the busier agent when it reopens, so BALANCED would give it
     * to Ben: only the reopen policy sends it back to Ana.
     */
    @Test
    void aReopenedConversationGoesBackToItsAgentWhenOnlineWithRoomEvenWhenAnotherIsLessBusy() {
        long ana = inbox.createAgent("Ana", "ana@example.com", 5);
        inbox.setAvailability(ana, "ONLINE");
        long conversation = inbox.startWaitingConversation("Cristóbal Villar").get("id").asLong();
        assertThat(inbox.conversation(conversation).get("assignee").get("id").asLong()).isEqualTo(ana);
        for (int i = 0; i < 2; i++) {
            long another = inbox.startWaitingConversation("Keeps Ana busy " + i).get("id").asLong();
            assertThat(inbox.conversation(another).get("assignee").get("id").asLong()).isEqualTo(ana);
        }
        long ben = inbox.createAgent("Ben", "ben@example.com", 5);
        inbox.setAvailability(ben, "ONLINE");
        assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);
        assertThat(inbox.activeConversations(ana)).as("Ana still holds two").isEqualTo(2);
        assertThat(inbox.activeConversations(ben)).as("Ben, the least busy, holds none").isZero();

        WireResponse reopened = inbox.action(conversation, "reopen", null);

        assertThat(reopened.status()).isEqualTo(200);
        assertThat(inbox.conversation(conversation).get("assignee").path("id").asLong())
                .as("the agent who handled it, not the least busy").isEqualTo(ana);
        assertThat(reopened.json().get("status").asString()).as("in the reopening transaction").isEqualTo("ASSIGNED");
        assertThat(reopened.json().get("assignee").get("id").asLong()).isEqualTo(ana);
        JsonNode event = lastEvent(conversation);
        assertThat(event.get("type").asString()).isEqualTo("ASSIGNED");
        assertThat(event.get("agentId").asLong()).isEqualTo(ana);
        assertThat(event.get("reason").asString()).isEqualTo("REOPEN");
        assertThat(inbox.activeConversations(ana)).isEqualTo(3);
        assertThat(inbox.activeConversations(ben)).isZero();
    }

    @Test
    void aReopenedConversationWhoseAgentIsAwayOrWhenThePolicyIsQueueGoesThroughTheQueue() {
        List<Long> agents = onlineAgents(2, 5);
        long conversation = inbox.startWaitingConversation("Cristóbal Villar").get("id").asLong();
        long handledBy = inbox.conversation(conversation).get("assignee").get("id").asLong();
        long other = agents.get(0) == handledBy ? agents.get(1) : agents.get(0);
        assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);
        inbox.setAvailability(handledBy, "BUSY");

        // a visitor writing again reopens it, under the same policy
        inbox.post("/api/v1/conversations/" + conversation + "/messages", Map.of("author", "VISITOR", "text", "¿Hola?"),
                HttpStatus.CREATED);
        assertThat(inbox.conversation(conversation).get("assignee").get("id").asLong()).isEqualTo(other);
        assertThat(lastEvent(conversation).get("reason").asString()).isEqualTo("AUTO");

        inbox.setAvailability(handledBy, "ONLINE");
        inbox.assignmentSettings(true, "BALANCED", null, "QUEUE");
        long busier = inbox.startWaitingConversation("Keeps the other agent busier").get("id").asLong();
        assertThat(inbox.conversation(busier).get("assignee").get("id").asLong()).isEqualTo(handledBy);
        assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);
        assertThat(inbox.action(busier, "transfer", Map.of("agentId", other)).status()).isEqualTo(200);

        assertThat(inbox.action(conversation, "reopen", null).status()).isEqualTo(200);
        assertThat(inbox.conversation(conversation).get("assignee").get("id").asLong())
                .as("QUEUE: BALANCED picks the least busy").isEqualTo(handledBy);
        assertThat(lastEvent(conversation).get("reason").asString()).isEqualTo("AUTO");
    }

    @Test
    void deactivatingAnAgentRedistributesItsConversationsToOnlineAgents() {
        long leaving = inbox.createAgent("Leaving Lou", "lou@example.com", 10);
        inbox.setAvailability(leaving, "ONLINE");
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(inbox.startWaitingConversation("Visitor " + i).get("id").asLong());
        }
        assertThat(inbox.activeConversations(leaving)).as("Lou took all three").isEqualTo(3);
        inbox.setAvailability(leaving, "OFFLINE");
        List<Long> staying = onlineAgents(2, 10);

        assertThat(WireResponse.send(inbox.http().delete().uri("/api/v1/agents/{id}", leaving)).status()).isEqualTo(204);

        assertThat(held).allSatisfy(conversation -> {
            JsonNode now = inbox.conversation(conversation);
            assertThat(now.get("status").asString()).isEqualTo("ASSIGNED");
            assertThat(staying).contains(now.get("assignee").get("id").asLong());
            assertThat(events(conversation)).extracting(event -> event.get("reason").asString())
                    .containsSubsequence("AGENT_DEACTIVATED", "AUTO");
        });
        assertThat(staying.stream().map(inbox::activeConversations)).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void roundRobinServesAgentsInTurn() {
        inbox.assignmentSettings(true, "ROUND_ROBIN", null, "QUEUE");
        List<Long> agents = onlineAgents(4, null);
        List<Long> assignees = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long conversation = inbox.startWaitingConversation("Visitor " + i).get("id").asLong();
            assignees.add(inbox.conversation(conversation).get("assignee").get("id").asLong());
        }

        for (int i = 0; i < 40; i++) {
            assertThat(assignees.get(i)).as("conversation %d", i).isEqualTo(agents.get(i % 4));
        }
        assertThat(agents).allSatisfy(agent -> assertThat(inbox.activeConversations(agent)).isEqualTo(10));
    }

    @Test
    void raisingACapacityPullsWaitingConversationsAtOnce() {
        long ana = onlineAgents(1, 1).get(0);
        for (int i = 0; i < 4; i++) {
            inbox.startWaitingConversation("Visitor " + i);
        }
        assertThat(inbox.activeConversations(ana)).isEqualTo(1);

        JsonNode patched = WireResponse.send(inbox.http().patch().uri("/api/v1/agents/{id}", ana)
                .contentType(MediaType.valueOf("application/merge-patch+json")).body("{\"capacity\":3}")).json();
        assertThat(patched.get("capacity").asInt()).isEqualTo(3);
        assertThat(inbox.activeConversations(ana)).isEqualTo(3);

        inbox.post("/api/v1/agents", Map.of("name", "Ben", "email", "ben@example.com"), HttpStatus.CREATED);
        long ben = agentNamed("Ben");
        inbox.assignmentSettings(true, "BALANCED", 0, "PREVIOUS_AGENT_IF_ONLINE");
        inbox.setAvailability(ben, "ONLINE");
        assertThat(inbox.activeConversations(ben)).as("default capacity 0: nothing").isZero();
        inbox.assignmentSettings(true, "BALANCED", 5, "PREVIOUS_AGENT_IF_ONLINE");
        assertThat(inbox.activeConversations(ben)).as("a raised default capacity pulls the last one").isEqualTo(1);
    }

    @Test
    void aBotConversationWaitsForItsHandoffAndADisabledEngineAssignsNothing() {
        onlineAgents(1, 5);
        long bot = inbox.startConversation("Talking to the bot");
        assertThat(inbox.conversation(bot).get("status").asString()).isEqualTo("UNASSIGNED");

        JsonNode handedOff = inbox.action(bot, "handoff", null).json();
        assertThat(handedOff.get("waitingForAgent").asBoolean()).as("waits for a human once the request returns").isTrue();
        assertThat(inbox.conversation(bot).get("status").asString()).as("and is served right after").isEqualTo("ASSIGNED");

        inbox.assignmentSettings(false, "BALANCED", null, "QUEUE");
        long waiting = inbox.startWaitingConversation("Waiting").get("id").asLong();
        assertThat(inbox.conversation(waiting).get("status").asString()).isEqualTo("UNASSIGNED");
        inbox.assignmentSettings(true, "BALANCED", null, "QUEUE");
        assertThat(inbox.conversation(waiting).get("status").asString()).as("enabling serves the queue")
                .isEqualTo("ASSIGNED");
    }

    @Test
    void theSweepServesAConversationNoTriggerDid() {
        long ana = onlineAgents(1, 5).get(0);
        // a waiting conversation written behind the engine's back, as after a crash before the trigger ran
        long missed = jdbc.sql("""
                with missed as (
                    insert into conversation (status, visitor_name, waiting_for_agent, waiting_since, created_at, updated_at)
                    values ('UNASSIGNED', 'Missed Visitor', true, now(), now(), now()) returning id),
                recorded as (
                    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
                    select 'conversation.created', id, null, 'unassigned', '{}', now() from missed)
                select id from missed""")
                .query(Long.class).single();

        sweep.sweep();

        assertThat(inbox.conversation(missed).get("assignee").get("id").asLong()).isEqualTo(ana);
        assertThat(lastEvent(missed).get("reason").asString()).isEqualTo("AUTO");
    }

    @Test
    void automaticAssignmentsAreCountedInTheMetrics() {
        // the counter is the context's, shared with earlier tests: what counts is what this one adds
        double before = autoAssignmentsCounted();
        long agent = onlineAgents(1, 5).get(0);
        for (int i = 1; i <= 3; i++) {
            inbox.startWaitingConversation("Visitor " + i);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inbox.activeConversations(agent) == 3);

        assertThat(autoAssignmentsCounted() - before).isEqualTo(3);
    }

    /** The sum of the exported {@code inbox_auto_assignments_total} samples with reason AUTO (0 before the first). */
    private double autoAssignmentsCounted() {
        String scrape = WireResponse.send(inbox.http().get().uri("/actuator/prometheus")).body();
        Matcher sample = Pattern.compile("(?m)^inbox_auto_assignments_total\\{[^}]*reason=\"AUTO\"[^}]*} (\\S+)")
                .matcher(scrape);
        double sum = 0;
        while (sample.find()) {
            sum += Double.parseDouble(sample.group(1));
        }
        return sum;
    }

    private List<Long> onlineAgents(int count, Integer capacity) {
        List<Long> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long agent = inbox.createAgent("Online " + i, "online" + i + "@example.com", capacity);
            inbox.setAvailability(agent, "ONLINE");
            agents.add(agent);
        }
        return agents;
    }

    private long agentNamed(String name) {
        return StreamSupport.stream(inbox.get("/api/v1/agents").get("items").spliterator(), false)
                .filter(agent -> agent.get("name").asString().equals(name))
                .findFirst().orElseThrow().get("id").asLong();
    }

    private List<JsonNode> events(long conversationId) {
        return StreamSupport.stream(inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId)
                .get("items").spliterator(), false).toList();
    }

    private JsonNode lastEvent(long conversationId) {
        List<JsonNode> events = events(conversationId);
        return events.get(events.size() - 1);
    }
}
