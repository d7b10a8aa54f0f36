package io.helpdeskinbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Every error status the contract documents, produced over real HTTP, each as a complete problem
 * document; and every refused or no-op action leaves the conversation and the counters as they were.
 */
class ErrorStatusesIT extends InboxIntegrationTest {

    // 400

    @Test
    void anAgentWithAnInvalidEmailIsRejectedNamingTheField() {
        WireResponse response = postInvalid("/api/v1/agents", """
                {"name": "Ana Ruiz", "email": "not-an-email"}""");

        response.assertProblem(400).assertProblemType("invalid-request");
        assertThat(response.errorFields()).containsExactly("email");
        assertThat(agents()).isEmpty();
    }

    @Test
    void malformedJsonIsRejectedAsABadRequest() {
        WireResponse response = postInvalid("/api/v1/conversations", "{\"visitor\": {\"name\": ");

        response.assertProblem(400).assertProblemType("invalid-request");
        assertThat(inbox.get("/api/v1/conversations/counts").get("all").asLong()).isZero();
    }

    @Test
    void aFieldOfTheWrongJsonTypeIsRejectedNamingTheField() {
        long conversationId = inbox.startConversation("Iker");
        long agentId = inbox.createAgent("Ana Ruiz", "ana@example.com");

        WireResponse response = postInvalid("/api/v1/conversations/" + conversationId + "/assign",
                "{\"agentId\": \"" + agentId + "\"}");

        response.assertProblem(400).assertProblemType("invalid-request");
        assertThat(response.errorFields()).containsExactly("agentId");
        assertThat(conversation(conversationId).get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(inbox.activeConversations(agentId)).isZero();
    }

    @Test
    void aPageLimitOutsideOneToAHundredIsRejectedNamingTheParameter() {
        for (String limit : new String[] {"0", "101", "-1"}) {
            WireResponse response = send(inbox.invalidRequests().http().get().uri("/api/v1/conversations?limit=" + limit));

            response.assertProblem(400).assertProblemType("invalid-request");
            assertThat(response.errorFields()).as("limit=%s", limit).containsExactly("limit");
        }
    }

    @Test
    void aCursorTheListDidNotIssueIsRejectedNamingTheParameter() {
        WireResponse response = get("/api/v1/conversations?cursor=not-a-cursor");

        response.assertProblem(400).assertProblemType("invalid-request");
        assertThat(response.errorFields()).containsExactly("cursor");
    }

    @Test
    void anAgentMessageWithoutAnAgentIdIsRejectedNamingTheField() {
        long conversationId = inbox.startConversation("Iker");
        long versionBefore = version(conversationId);

        WireResponse response = post("/api/v1/conversations/" + conversationId + "/messages", """
                {"author": "AGENT", "text": "Hola Iker"}""");

        response.assertProblem(400).assertProblemType("invalid-request");
        assertThat(response.errorFields()).containsExactly("agentId");
        assertThat(messageCount(conversationId)).isZero();
        assertThat(version(conversationId)).isEqualTo(versionBefore);
    }

    // 404

    @Test
    void anUnknownConversationIsNotFound() {
        get("/api/v1/conversations/4242").assertProblem(404).assertProblemType("conversation-not-found");
        post("/api/v1/conversations/4242/archive", null).assertProblem(404).assertProblemType("conversation-not-found");
        get("/api/v1/conversations/4242/events").assertProblem(404).assertProblemType("conversation-not-found");
    }

    @Test
    void anUnknownAgentIsNotFound() {
        get("/api/v1/agents/4242").assertProblem(404).assertProblemType("agent-not-found");
        put("/api/v1/agents/4242/availability", "{\"availability\": \"ONLINE\"}")
                .assertProblem(404).assertProblemType("agent-not-found");
        delete("/api/v1/agents/4242").assertProblem(404).assertProblemType("agent-not-found");
    }

    // 409

    @Test
    void assigningAConversationHeldByAnotherAgentIsRejectedAndNeverSteals() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        long conversationId = inbox.startConversation("Iker");
        assertThat(inbox.assign(conversationId, ana).status()).isEqualTo(200);
        JsonNode before = conversation(conversationId);
        int eventsBefore = eventCount(conversationId);

        WireResponse response = post("/api/v1/conversations/" + conversationId + "/assign", "{\"agentId\": " + ben + "}");

        assertStateConflict(response, "ASSIGNED", ana);
        assertThat(conversation(conversationId)).isEqualTo(before);
        assertThat(eventCount(conversationId)).isEqualTo(eventsBefore);
        assertThat(inbox.activeConversations(ana)).isEqualTo(1);
        assertThat(inbox.activeConversations(ben)).isZero();
    }

    @Test
    void transferringAnUnassignedConversationIsRejected() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long conversationId = inbox.startConversation("Iker");
        JsonNode before = conversation(conversationId);

        WireResponse response = post("/api/v1/conversations/" + conversationId + "/transfer", "{\"agentId\": " + ana + "}");

        assertStateConflict(response, "UNASSIGNED", null);
        assertThat(conversation(conversationId)).isEqualTo(before);
        assertThat(eventCount(conversationId)).isEqualTo(1);
        assertThat(inbox.activeConversations(ana)).isZero();
    }

    @Test
    void unassigningAnArchivedConversationIsRejected() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long conversationId = inbox.startConversation("Iker");
        inbox.assign(conversationId, ana);
        assertThat(inbox.action(conversationId, "archive", null).status()).isEqualTo(200);
        JsonNode before = conversation(conversationId);
        int eventsBefore = eventCount(conversationId);

        WireResponse response = post("/api/v1/conversations/" + conversationId + "/unassign", null);

        // an archived conversation keeps the agent who handled it
        assertStateConflict(response, "ARCHIVED", ana);
        assertThat(conversation(conversationId)).isEqualTo(before);
        assertThat(eventCount(conversationId)).isEqualTo(eventsBefore);
        assertThat(inbox.activeConversations(ana)).isZero();
    }

    @Test
    void anAgentMessageFromAnAgentOtherThanTheAssigneeIsRejected() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        long conversationId = inbox.startConversation("Iker");
        inbox.assign(conversationId, ana);
        JsonNode before = conversation(conversationId);

        WireResponse response = post("/api/v1/conversations/" + conversationId + "/messages",
                "{\"author\": \"AGENT\", \"text\": \"I'll take it from here\", \"agentId\": " + ben + "}");

        assertStateConflict(response, "ASSIGNED", ana);
        assertThat(messageCount(conversationId)).isZero();
        assertThat(conversation(conversationId)).isEqualTo(before);
    }

    @Test
    void anEmailAlreadyUsedByAnActiveAgentIsRejectedWhateverItsCase() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");

        post("/api/v1/agents", "{\"name\": \"Ana Two\", \"email\": \"ana@example.com\"}")
                .assertProblem(409).assertProblemType("email-in-use");
        post("/api/v1/agents", "{\"name\": \"Ana Three\", \"email\": \"ANA@Example.com\"}")
                .assertProblem(409).assertProblemType("email-in-use");
        patch("/api/v1/agents/" + ben, "{\"email\": \"ana@example.com\"}")
                .assertProblem(409).assertProblemType("email-in-use");

        assertThat(agents()).hasSize(2);
        assertThat(inbox.get("/api/v1/agents/{id}", ben).get("email").asString()).isEqualTo("ben@example.com");
        assertThat(inbox.get("/api/v1/agents/{id}", ana).get("email").asString()).isEqualTo("ana@example.com");
    }

    @Test
    void changingTheAvailabilityOfADeactivatedAgentIsRejected() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        assertThat(delete("/api/v1/agents/" + ana).status()).isEqualTo(204);

        put("/api/v1/agents/" + ana + "/availability", "{\"availability\": \"ONLINE\"}")
                .assertProblem(409).assertProblemType("agent-inactive");

        JsonNode agent = inbox.get("/api/v1/agents/{id}", ana);
        assertThat(agent.get("availability").asString()).isEqualTo("OFFLINE");
        assertThat(agent.get("active").asBoolean()).isFalse();
    }

    // 412

    @Test
    void anActionNamingAStaleVersionFailsItsPreconditionAndOneNamingTheCurrentVersionSucceeds() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long conversationId = inbox.startConversation("Iker");
        String staleTag = etag(conversationId);
        assertThat(inbox.action(conversationId, "handoff", null).status()).isEqualTo(200);
        JsonNode before = conversation(conversationId);
        int eventsBefore = eventCount(conversationId);

        WireResponse stale = send(inbox.http().post().uri("/api/v1/conversations/{id}/assign", conversationId)
                .header(HttpHeaders.IF_MATCH, staleTag)
                .contentType(MediaType.APPLICATION_JSON).body("{\"agentId\": " + ana + "}"));

        stale.assertProblem(412).assertProblemType("version-mismatch");
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(before.get("version").asLong());
        assertThat(stale.headers().getETag()).isEqualTo(etag(conversationId));
        assertThat(conversation(conversationId)).isEqualTo(before);
        assertThat(eventCount(conversationId)).isEqualTo(eventsBefore);
        assertThat(inbox.activeConversations(ana)).isZero();

        WireResponse current = send(inbox.http().post().uri("/api/v1/conversations/{id}/assign", conversationId)
                .header(HttpHeaders.IF_MATCH, etag(conversationId))
                .contentType(MediaType.APPLICATION_JSON).body("{\"agentId\": " + ana + "}"));

        assertThat(current.status()).as(current.body()).isEqualTo(200);
        assertThat(current.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(inbox.activeConversations(ana)).isEqualTo(1);
    }

    // 422

    @Test
    void assigningToAnAgentThatDoesNotExistIsUnprocessable() {
        long conversationId = inbox.startConversation("Iker");
        JsonNode before = conversation(conversationId);

        post("/api/v1/conversations/" + conversationId + "/assign", "{\"agentId\": 4242}")
                .assertProblem(422).assertProblemType("unknown-agent");

        assertThat(conversation(conversationId)).isEqualTo(before);
        assertThat(eventCount(conversationId)).isEqualTo(1);
    }

    @Test
    void assigningOrTransferringToADeactivatedAgentIsUnprocessable() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long gone = inbox.createAgent("Gus Leftwell", "gus@example.com");
        assertThat(delete("/api/v1/agents/" + gone).status()).isEqualTo(204);
        long unassigned = inbox.startConversation("Iker");
        long assigned = inbox.startConversation("Maite");
        inbox.assign(assigned, ana);
        JsonNode unassignedBefore = conversation(unassigned);
        JsonNode assignedBefore = conversation(assigned);

        post("/api/v1/conversations/" + unassigned + "/assign", "{\"agentId\": " + gone + "}")
                .assertProblem(422).assertProblemType("unknown-agent");
        post("/api/v1/conversations/" + assigned + "/transfer", "{\"agentId\": " + gone + "}")
                .assertProblem(422).assertProblemType("unknown-agent");
        post("/api/v1/conversations/" + assigned + "/messages",
                "{\"author\": \"AGENT\", \"text\": \"still here\", \"agentId\": " + gone + "}")
                .assertProblem(422).assertProblemType("unknown-agent");

        assertThat(conversation(unassigned)).isEqualTo(unassignedBefore);
        assertThat(conversation(assigned)).isEqualTo(assignedBefore);
        assertThat(inbox.activeConversations(ana)).isEqualTo(1);
        assertThat(inbox.activeConversations(gone)).isZero();
        assertThat(messageCount(assigned)).isZero();
    }

    @Test
    void anIdempotencyKeyReusedWithADifferentBodyIsUnprocessableWhileAnExactRetryReplays() {
        String first = "{\"visitor\": {\"name\": \"Iker\"}, \"message\": \"Hola\"}";
        WireResponse created = send(inbox.http().post().uri("/api/v1/conversations")
                .header("Idempotency-Key", "order-7781").contentType(MediaType.APPLICATION_JSON).body(first));
        assertThat(created.status()).isEqualTo(201);

        WireResponse reused = send(inbox.http().post().uri("/api/v1/conversations")
                .header("Idempotency-Key", "order-7781").contentType(MediaType.APPLICATION_JSON)
                .body("{\"visitor\": {\"name\": \"Someone else\"}}"));
        reused.assertProblem(422).assertProblemType("idempotency-key-reused");

        WireResponse retried = send(inbox.http().post().uri("/api/v1/conversations")
                .header("Idempotency-Key", "order-7781").contentType(MediaType.APPLICATION_JSON).body(first));
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().get("id").asLong()).isEqualTo(created.json().get("id").asLong());
        assertThat(inbox.get("/api/v1/conversations/counts").get("all").asLong()).isEqualTo(1);
    }

    // the HTTP layer's own refusals

    @Test
    void refusalsOfTheHttpLayerAreProblemsThatNameTheirTypeToo() {
        long conversationId = inbox.startConversation("Iker");
        String conversation = "/api/v1/conversations/" + conversationId;

        RestTestClient refused = inbox.invalidRequests().http();
        WireResponse wrongMethod = send(refused.delete().uri(conversation));
        WireResponse wrongMediaType = send(refused.post().uri(conversation + "/assign")
                .contentType(MediaType.TEXT_PLAIN).body("{\"agentId\": 1}"));
        WireResponse unknownRoute = send(refused.post().uri(conversation + "/steal"));
        WireResponse unacceptable = send(refused.get().uri(conversation).accept(MediaType.APPLICATION_XML));

        wrongMethod.assertProblem(405).assertProblemTypeIsNamed();
        wrongMediaType.assertProblem(415).assertProblemTypeIsNamed();
        unknownRoute.assertProblem(404).assertProblemTypeIsNamed();
        unacceptable.assertProblem(406).assertProblemTypeIsNamed();
    }

    // no-op successes

    @Test
    void assigningToTheAgentThatAlreadyHoldsItSucceedsAndChangesNothing() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long conversationId = inbox.startConversation("Iker");
        inbox.assign(conversationId, ana);
        JsonNode before = conversation(conversationId);
        int eventsBefore = eventCount(conversationId);

        var again = inbox.assign(conversationId, ana);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("version").asLong()).isEqualTo(before.get("version").asLong());
        assertThat(conversation(conversationId)).isEqualTo(before);
        assertThat(eventCount(conversationId)).isEqualTo(eventsBefore);
        assertThat(inbox.activeConversations(ana)).isEqualTo(1);
    }

    @Test
    void archivingAnArchivedConversationSucceedsAndChangesNothing() {
        long conversationId = inbox.startConversation("Iker");
        assertThat(inbox.action(conversationId, "archive", null).status()).isEqualTo(200);
        JsonNode before = conversation(conversationId);
        int eventsBefore = eventCount(conversationId);

        var again = inbox.action(conversationId, "archive", null);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asString()).isEqualTo("ARCHIVED");
        assertThat(again.json().get("version").asLong()).isEqualTo(before.get("version").asLong());
        assertThat(conversation(conversationId)).isEqualTo(before);
        assertThat(eventCount(conversationId)).isEqualTo(eventsBefore);
    }

    private void assertStateConflict(WireResponse response, String currentStatus, Long currentAssigneeId) {
        response.assertProblem(409).assertProblemType("conversation-state-conflict");
        assertThat(response.json().path("currentStatus").asString()).isEqualTo(currentStatus);
        JsonNode assignee = response.json().get("currentAssigneeId");
        assertThat(assignee).as("currentAssigneeId member in %s", response.body()).isNotNull();
        if (currentAssigneeId == null) {
            assertThat(assignee.isNull()).as("currentAssigneeId in %s", response.body()).isTrue();
        } else {
            assertThat(assignee.asLong()).isEqualTo(currentAssigneeId);
        }
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    private WireResponse get(String path) {
        return send(inbox.http().get().uri(path));
    }

    private WireResponse post(String path, String json) {
        var request = inbox.http().post().uri(path).contentType(MediaType.APPLICATION_JSON);
        return send(json == null ? request : request.body(json));
    }

    /** A body that breaks the contract on purpose: only the response is checked against the document. */
    private WireResponse postInvalid(String path, String json) {
        return send(inbox.invalidRequests().http().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json));
    }

    private WireResponse put(String path, String json) {
        return send(inbox.http().put().uri(path).contentType(MediaType.APPLICATION_JSON).body(json));
    }

    private WireResponse patch(String path, String json) {
        return send(inbox.http().patch().uri(path).contentType(MediaType.valueOf("application/merge-patch+json")).body(json));
    }

    private WireResponse delete(String path) {
        return send(inbox.http().delete().uri(path));
    }

    private static WireResponse send(RestTestClient.RequestHeadersSpec<?> request) {
        WireResponse response = WireResponse.send(request);
        if (response.status() >= 400) {
            response.assertRevealsNoInternals();
        }
        return response;
    }

    private JsonNode conversation(long conversationId) {
        return inbox.get("/api/v1/conversations/{id}", conversationId);
    }

    private long version(long conversationId) {
        return conversation(conversationId).get("version").asLong();
    }

    private String etag(long conversationId) {
        return inbox.http().get().uri("/api/v1/conversations/{id}", conversationId).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseHeaders().getETag();
    }

    private int eventCount(long conversationId) {
        return inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId).get("items").size();
    }

    private int messageCount(long conversationId) {
        return inbox.get("/api/v1/conversations/{id}/messages?limit=100", conversationId).get("items").size();
    }

    private JsonNode agents() {
        return inbox.get("/api/v1/agents?includeInactive=true").get("items");
    }
}
