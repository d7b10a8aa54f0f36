package io.helpdeskinbox.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helpdeskinbox.support.InboxClient.HiredAgent;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The agent directory over HTTP: creating with a one-time token, reading, listing, merge-patching,
 * availability, and deactivation sending the agent's conversations back to the queue.
 */
class AgentsIT extends InboxIntegrationTest {

    private static final MediaType MERGE_PATCH = MediaType.valueOf("application/merge-patch+json");

    @AfterEach
    void countersEqualTheRows() {
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void creatingAnAgentAnswersCreatedWithItsLocationAndAOneTimeToken() {
        WireResponse created = send(inbox.http().post().uri("/api/v1/agents").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"Ana Ruiz\", \"email\": \"ana@example.com\", \"capacity\": 3}"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.headers().getLocation()).isNotNull();
        assertThat(created.headers().getLocation().getPath()).isEqualTo("/api/v1/agents/" + id);
        assertThat(created.json().get("name").asString()).isEqualTo("Ana Ruiz");
        assertThat(created.json().get("email").asString()).isEqualTo("ana@example.com");
        assertThat(created.json().get("capacity").asInt()).isEqualTo(3);
        assertThat(created.json().get("availability").asString()).isEqualTo("OFFLINE");
        assertThat(created.json().get("activeConversations").asInt()).isZero();
        assertThat(created.json().get("active").asBoolean()).isTrue();
        assertThat(created.json().get("createdAt").asString()).isNotBlank();
        String token = created.json().get("token").asString();
        // the id in a token is the token's own, not the agent's: only the form is the contract
        assertThat(token).matches("ihb_[1-9][0-9]{0,17}_[A-Za-z0-9_-]{43}");
        JsonNode caller = inbox.as(token).get("/api/v1/me");
        assertThat(caller.get("role").asString()).isEqualTo("AGENT");
        assertThat(caller.get("agentId").asLong()).as("the token speaks for the agent created").isEqualTo(id);

        JsonNode read = inbox.as(token).get(created.headers().getLocation().getPath());
        assertThat(read.get("id").asLong()).isEqualTo(id);
        assertThat(read.has("token")).as("the token is shown once: %s", read).isFalse();
        assertThat(inbox.get("/api/v1/agents").get("items").get(0).has("token")).isFalse();
    }

    @Test
    void anAgentReadsBackWithEveryFieldOfTheContract() {
        // cut to milliseconds: the time may be stored or written with less precision than the clock has
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long id = inbox.createAgent("Ana Ruiz", "ana@example.com", null);
        Instant after = Instant.now();

        JsonNode agent = inbox.get("/api/v1/agents/{id}", id);

        assertThat(fieldNames(agent)).containsExactlyInAnyOrder("id", "name", "email", "availability", "capacity",
                "activeConversations", "active", "present", "lastSeenAt", "createdAt", "skills", "teams");
        assertThat(agent.get("capacity").isNull()).as("no capacity means unlimited").isTrue();
        assertThat(agent.get("skills")).as("none until given (issue 36)").isEmpty();
        assertThat(agent.get("teams")).as("in no team").isEmpty();
        assertThat(agent.get("present").asBoolean()).as("never connected").isFalse();
        assertThat(agent.get("lastSeenAt").isNull()).isTrue();
        assertThat(agent.get("id").isIntegralNumber()).isTrue();
        assertThat(Instant.parse(agent.get("createdAt").asString())).as("created while the request ran")
                .isBetween(before, after);
    }

    /**
     * Ids come back when a database is emptied or restored behind the instance's back (as between
     * tests): a new agent with the id of one this instance saw moments ago is present from its first
     * call, whatever the instance's write throttle remembers of the id.
     */
    @Test
    void aNewAgentWithTheIdOfOneSeenMomentsAgoIsPresentFromItsFirstCall() {
        HiredAgent ana = inbox.hireAgent("Ana Ruiz", "ana@example.com");
        inbox.as(ana.token()).get("/api/v1/me");
        await().atMost(Duration.ofSeconds(3)).until(() -> inbox.get("/api/v1/agents/{id}", ana.id()).get("present").asBoolean());
        jdbc.sql("delete from access_token where agent_id = :id").param("id", ana.id()).update();
        jdbc.sql("delete from agent where id = :id").param("id", ana.id()).update();
        jdbc.sql("alter table agent alter column id restart with " + ana.id()).update();

        HiredAgent bea = inbox.hireAgent("Bea Soler", "bea@example.com");
        assertThat(bea.id()).as("Ana's id, taken again").isEqualTo(ana.id());
        inbox.as(bea.token()).get("/api/v1/me");

        await().atMost(Duration.ofSeconds(3)).until(() -> inbox.get("/api/v1/agents/{id}", bea.id()).get("present").asBoolean());
    }

    @Test
    void theListShowsActiveAgentsAndFiltersThemByAvailability() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        long cris = inbox.createAgent("Cris Villar", "cris@example.com");
        inbox.setAvailability(ana, "ONLINE");
        inbox.setAvailability(ben, "BUSY");

        assertThat(agentIds("/api/v1/agents")).containsExactlyInAnyOrder(ana, ben, cris);
        assertThat(agentIds("/api/v1/agents?availability=ONLINE")).containsExactly(ana);
        assertThat(agentIds("/api/v1/agents?availability=BUSY")).containsExactly(ben);
        assertThat(agentIds("/api/v1/agents?availability=OFFLINE")).containsExactly(cris);
        send(inbox.invalidRequests().http().get().uri("/api/v1/agents?availability=ASLEEP")).assertProblem(400);
    }

    @Test
    void aDeactivatedAgentIsHiddenFromTheDefaultListButListedWithIncludeInactive() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long gone = inbox.createAgent("Gus Leftwell", "gus@example.com");

        assertThat(delete(gone).status()).isEqualTo(204);

        assertThat(agentIds("/api/v1/agents")).containsExactly(ana);
        assertThat(agentIds("/api/v1/agents?includeInactive=false")).containsExactly(ana);
        assertThat(agentIds("/api/v1/agents?includeInactive=true")).containsExactlyInAnyOrder(ana, gone);
        assertThat(agentIds("/api/v1/agents?includeInactive=true&availability=OFFLINE")).containsExactlyInAnyOrder(ana, gone);
        JsonNode kept = inbox.get("/api/v1/agents/{id}", gone);
        assertThat(kept.get("active").asBoolean()).as("kept for history").isFalse();
        assertThat(kept.get("name").asString()).isEqualTo("Gus Leftwell");
    }

    @Test
    void aMergePatchChangesOnlyTheMembersItNames() {
        long id = inbox.createAgent("Ana Ruiz", "ana@example.com", 3);
        JsonNode before = inbox.get("/api/v1/agents/{id}", id);

        JsonNode renamed = patch(id, MERGE_PATCH, "{\"name\": \"Ana Ruiz Vidal\"}").json();
        assertThat(renamed.get("name").asString()).isEqualTo("Ana Ruiz Vidal");
        assertThat(renamed.get("email").asString()).isEqualTo("ana@example.com");
        assertThat(renamed.get("capacity").asInt()).isEqualTo(3);

        JsonNode moved = patch(id, MERGE_PATCH, "{\"email\": \"ana.vidal@example.com\"}").json();
        assertThat(moved.get("name").asString()).isEqualTo("Ana Ruiz Vidal");
        assertThat(moved.get("email").asString()).isEqualTo("ana.vidal@example.com");
        assertThat(moved.get("capacity").asInt()).isEqualTo(3);

        JsonNode resized = patch(id, MERGE_PATCH, "{\"capacity\": 5}").json();
        assertThat(resized.get("capacity").asInt()).isEqualTo(5);
        assertThat(resized.get("name").asString()).isEqualTo("Ana Ruiz Vidal");

        JsonNode untouched = patch(id, MERGE_PATCH, "{}").json();
        assertThat(untouched).isEqualTo(resized);
        assertThat(inbox.get("/api/v1/agents/{id}", id)).isEqualTo(resized);
        assertThat(resized.get("createdAt")).isEqualTo(before.get("createdAt"));
        assertThat(resized.get("availability")).isEqualTo(before.get("availability"));
    }

    @Test
    void aNullCapacityInAMergePatchMeansUnlimitedAndPullsWaitingConversationsAtOnce() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com", 1);
        inbox.setAvailability(ana, "ONLINE");
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(inbox.startWaitingConversation("Visitor " + i).get("id").asLong());
        }
        assertThat(inbox.activeConversations(ana)).as("capacity 1").isEqualTo(1);

        WireResponse unlimited = patch(ana, MERGE_PATCH, "{\"capacity\": null}");

        assertThat(unlimited.status()).as(unlimited.body()).isEqualTo(200);
        assertThat(unlimited.json().get("capacity").isNull()).as("capacity of %s", unlimited.body()).isTrue();
        assertThat(inbox.get("/api/v1/agents/{id}", ana).get("capacity").isNull()).isTrue();
        assertThat(inbox.activeConversations(ana)).isEqualTo(3);
        assertThat(waiting).allSatisfy(id -> assertThat(inbox.conversation(id).get("status").asString()).isEqualTo("ASSIGNED"));
    }

    @Test
    void aPatchIsTakenAsMergePatchJsonAndAsPlainJsonButNotAsText() {
        long id = inbox.createAgent("Ana Ruiz", "ana@example.com", 3);

        WireResponse asMergePatch = patch(id, MERGE_PATCH, "{\"capacity\": 4}");
        assertThat(asMergePatch.status()).as(asMergePatch.body()).isEqualTo(200);
        assertThat(asMergePatch.json().get("capacity").asInt()).isEqualTo(4);

        WireResponse asJson = patch(id, MediaType.APPLICATION_JSON, "{\"capacity\": 6}");
        assertThat(asJson.status()).as(asJson.body()).isEqualTo(200);
        assertThat(asJson.json().get("capacity").asInt()).isEqualTo(6);

        patchInvalid(id, MediaType.TEXT_PLAIN, "{\"capacity\": 9}").assertProblem(415);
        assertThat(inbox.get("/api/v1/agents/{id}", id).get("capacity").asInt()).isEqualTo(6);
    }

    @Test
    void aPatchThatClearsTheNameOrTheEmailIsRejectedAndChangesNothing() {
        long id = inbox.createAgent("Ana Ruiz", "ana@example.com", 3);
        JsonNode before = inbox.get("/api/v1/agents/{id}", id);

        patchInvalid(id, MERGE_PATCH, "{\"name\": null}").assertProblem(400);
        patchInvalid(id, MERGE_PATCH, "{\"email\": null, \"capacity\": 1}").assertProblem(400);
        patchInvalid(id, MERGE_PATCH, "{\"capacity\": -1}").assertProblem(400);

        assertThat(inbox.get("/api/v1/agents/{id}", id)).isEqualTo(before);
    }

    @Test
    void availabilityChangesAreShownAtOnceAndAnAgentMayChangeOnlyItsOwn() {
        HiredAgent ana = inbox.hireAgent("Ana Ruiz", "ana@example.com");
        HiredAgent ben = inbox.hireAgent("Ben Ortiz", "ben@example.com");

        for (String availability : List.of("ONLINE", "BUSY", "OFFLINE", "ONLINE")) {
            WireResponse changed = putAvailability(inbox.as(ana.token()).http(), ana.id(), availability);
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().get("availability").asString()).isEqualTo(availability);
            assertThat(inbox.get("/api/v1/agents/{id}", ana.id()).get("availability").asString()).isEqualTo(availability);
        }

        putAvailability(inbox.as(ana.token()).http(), ben.id(), "ONLINE").assertProblem(403);
        putAvailability(inbox.invalidRequests().http(), ana.id(), "SLEEPING").assertProblem(400);
        assertThat(inbox.get("/api/v1/agents/{id}", ben.id()).get("availability").asString()).isEqualTo("OFFLINE");
        assertThat(inbox.get("/api/v1/agents/{id}", ana.id()).get("availability").asString()).isEqualTo("ONLINE");
    }

    @Test
    void onlyAnOnlineAgentPullsWaitingConversationsBusyAndOfflineOnesDoNot() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long waiting = inbox.startWaitingConversation("Iker").get("id").asLong();

        inbox.setAvailability(ana, "BUSY");
        assertThat(inbox.conversation(waiting).get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(inbox.activeConversations(ana)).isZero();

        inbox.setAvailability(ana, "ONLINE");
        JsonNode assigned = inbox.conversation(waiting);
        assertThat(assigned.get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(assigned.get("assignee").get("id").asLong()).isEqualTo(ana);
        assertThat(inbox.activeConversations(ana)).isEqualTo(1);
    }

    @Test
    void deactivatingAnAgentSendsItsAssignedConversationsBackToTheQueueAndTheCountersFollow() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        long first = inbox.startConversation("Iker");
        long second = inbox.startConversation("Maite");
        long handled = inbox.startConversation("Jon");
        long bens = inbox.startConversation("Leire");
        assertThat(inbox.assign(first, ana).status()).isEqualTo(200);
        assertThat(inbox.assign(second, ana).status()).isEqualTo(200);
        assertThat(inbox.assign(handled, ana).status()).isEqualTo(200);
        assertThat(inbox.action(handled, "archive", null).status()).isEqualTo(200);
        assertThat(inbox.assign(bens, ben).status()).isEqualTo(200);
        assertThat(inbox.activeConversations(ana)).isEqualTo(2);

        WireResponse deactivated = delete(ana);

        assertThat(deactivated.status()).as(deactivated.body()).isEqualTo(204);
        assertThat(deactivated.body()).isEmpty();
        for (long conversationId : List.of(first, second)) {
            JsonNode conversation = inbox.conversation(conversationId);
            assertThat(conversation.get("status").asString()).isEqualTo("UNASSIGNED");
            assertThat(conversation.get("assignee").isNull()).isTrue();
            assertThat(conversation.get("waitingForAgent").asBoolean()).isTrue();
            JsonNode event = lastEvent(conversationId);
            assertThat(event.get("type").asString()).isEqualTo("UNASSIGNED");
            assertThat(event.get("previousAgentId").asLong()).isEqualTo(ana);
            assertThat(event.get("agentId").isNull()).isTrue();
            assertThat(event.get("reason").asString()).isEqualTo("AGENT_DEACTIVATED");
            assertThat(event.get("actor").asString()).isEqualTo("admin");
        }
        JsonNode archived = inbox.conversation(handled);
        assertThat(archived.get("status").asString()).as("archived conversations stay archived").isEqualTo("ARCHIVED");
        assertThat(archived.get("assignee").get("id").asLong()).as("and keep who handled it").isEqualTo(ana);
        assertThat(inbox.conversation(bens).get("assignee").get("id").asLong()).isEqualTo(ben);

        JsonNode agent = inbox.get("/api/v1/agents/{id}", ana);
        assertThat(agent.get("active").asBoolean()).isFalse();
        assertThat(agent.get("activeConversations").asInt()).isZero();
        assertThat(inbox.activeConversations(ben)).isEqualTo(1);
        JsonNode counts = inbox.get("/api/v1/conversations/counts");
        assertThat(List.of(counts.get("unassigned").asLong(), counts.get("assigned").asLong(),
                counts.get("archived").asLong(), counts.get("all").asLong())).containsExactly(2L, 1L, 1L, 4L);
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("assignedToInactiveAgents").asLong()).isZero();
    }

    @Test
    void aDeactivatedAgentsConversationsGoToAnOnlineColleagueThroughAutoAssignment() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        long first = inbox.startConversation("Iker");
        long second = inbox.startConversation("Maite");
        inbox.assign(first, ana);
        inbox.assign(second, ana);
        inbox.setAvailability(ben, "ONLINE");

        assertThat(delete(ana).status()).isEqualTo(204);

        for (long conversationId : List.of(first, second)) {
            JsonNode conversation = inbox.conversation(conversationId);
            assertThat(conversation.get("status").asString()).isEqualTo("ASSIGNED");
            assertThat(conversation.get("assignee").get("id").asLong()).isEqualTo(ben);
            JsonNode event = lastEvent(conversationId);
            assertThat(event.get("type").asString()).isEqualTo("ASSIGNED");
            assertThat(event.get("reason").asString()).isEqualTo("AUTO");
            assertThat(event.get("actor").asString()).isEqualTo("system");
        }
        assertThat(inbox.activeConversations(ben)).isEqualTo(2);
        assertThat(inbox.activeConversations(ana)).isZero();
    }

    @Test
    void aDeactivatedAgentCannotBeChangedAndFreesItsEmailAndItsToken() {
        HiredAgent ana = inbox.hireAgent("Ana Ruiz", "ana@example.com");
        assertThat(delete(ana.id()).status()).isEqualTo(204);

        patch(ana.id(), MERGE_PATCH, "{\"capacity\": 2}").assertProblem(409).assertProblemType("agent-inactive");
        send(inbox.as(ana.token()).http().get().uri("/api/v1/agents")).assertProblem(401);
        long successor = inbox.createAgent("Ana Ruiz", "ana@example.com");

        assertThat(successor).isNotEqualTo(ana.id());
        assertThat(inbox.get("/api/v1/agents/{id}", ana.id()).get("capacity").isNull()).isTrue();
        assertThat(agentIds("/api/v1/agents")).containsExactly(successor);
    }

    private List<Long> agentIds(String uri) {
        return inbox.get(uri).get("items").valueStream().map(agent -> agent.get("id").asLong()).toList();
    }

    private JsonNode lastEvent(long conversationId) {
        JsonNode items = inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId).get("items");
        return items.get(items.size() - 1);
    }

    private WireResponse patch(long agentId, MediaType contentType, String json) {
        return send(inbox.http().patch().uri("/api/v1/agents/{id}", agentId).contentType(contentType).body(json));
    }

    /** A patch that breaks the contract on purpose: only the response is checked against the document. */
    private WireResponse patchInvalid(long agentId, MediaType contentType, String json) {
        return send(inbox.invalidRequests().http().patch().uri("/api/v1/agents/{id}", agentId).contentType(contentType)
                .body(json));
    }

    private static WireResponse putAvailability(RestTestClient http,
            long agentId, String availability) {
        return send(http.put().uri("/api/v1/agents/{id}/availability", agentId).contentType(MediaType.APPLICATION_JSON)
                .body("{\"availability\": \"" + availability + "\"}"));
    }

    private WireResponse delete(long agentId) {
        return send(inbox.http().delete().uri("/api/v1/agents/{id}", agentId));
    }

    private static WireResponse send(RestTestClient.RequestHeadersSpec<?> request) {
        WireResponse response = WireResponse.send(request);
        if (response.status() >= 400) {
            response.assertRevealsNoInternals();
        }
        return response;
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
