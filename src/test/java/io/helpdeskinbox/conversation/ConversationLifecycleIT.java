package io.helpdeskinbox.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxClient.HiredAgent;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Every transition of the state machine over HTTP. Each step checks what a client sees: the
 * conversation's status and assignee, the agents' counters, the folder counts, the timeline entry
 * the step wrote, and the entity tag, which changes with every change and only then.
 */
class ConversationLifecycleIT extends InboxIntegrationTest {

    private HiredAgent ana;
    private HiredAgent ben;
    private InboxClient partner;
    private String partnerActor;

    @BeforeEach
    void twoAgentsAndAnIntegrationPartner() {
        ana = inbox.hireAgent("Ana Ruiz", "ana@example.com");
        ben = inbox.hireAgent("Ben Ortiz", "ben@example.com");
        JsonNode key = inbox.post("/api/v1/api-keys", Map.of("name", "Web widget"), HttpStatus.CREATED);
        partner = inbox.as(key.get("token").asString());
        partnerActor = "integration:" + key.get("id").asLong();
    }

    @AfterEach
    void countersEqualTheRows() {
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void assigningPutsTheConversationInTheAssignedFolderAndCountsItForTheAgent() {
        long id = inbox.startConversation("Iker");
        String created = etag(id);

        WireResponse assigned = act(inbox, id, "assign", agent(ana), null);

        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(assigned.json().get("assignee").get("id").asLong()).isEqualTo(ana.id());
        assertThat(assigned.json().get("assignee").get("name").asString()).isEqualTo("Ana Ruiz");
        assertThat(assigned.json().get("assignedAt").isNull()).isFalse();
        assertThat(assigned.json().get("waitingForAgent").asBoolean()).isFalse();
        assertChanged(assigned, created);
        assertCounters(1, 0);
        assertFolderCounts(0, 1, 0);
        assertLastEvent(id, "ASSIGNED", ana.id(), null, "MANUAL", "admin");
    }

    @Test
    void anAgentTakingAConversationWithItsOwnTokenIsTheActorOfTheTimeline() {
        long id = inbox.startWaitingConversation("Iker").get("id").asLong();

        WireResponse taken = act(inbox.as(ana.token()), id, "assign", agent(ana), null);

        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertThat(taken.json().get("assignee").get("id").asLong()).isEqualTo(ana.id());
        assertThat(taken.json().get("waitingForAgent").asBoolean()).as("no longer waiting").isFalse();
        assertCounters(1, 0);
        assertLastEvent(id, "ASSIGNED", ana.id(), null, "MANUAL", "agent:" + ana.id());
    }

    @Test
    void transferringMovesTheConversationAndBothCountersAtOnce() {
        long id = inbox.startConversation("Iker");
        inbox.assign(id, ana.id());
        String before = etag(id);

        WireResponse transferred = act(inbox.as(ana.token()), id, "transfer", agent(ben), null);

        assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
        assertThat(transferred.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(transferred.json().get("assignee").get("id").asLong()).isEqualTo(ben.id());
        assertChanged(transferred, before);
        assertCounters(0, 1);
        assertFolderCounts(0, 1, 0);
        assertLastEvent(id, "TRANSFERRED", ben.id(), ana.id(), "MANUAL", "agent:" + ana.id());
    }

    @Test
    void unassigningSendsTheConversationBackToTheQueueButNotStraightBackToTheSameAgent() {
        long id = inbox.startConversation("Iker");
        inbox.assign(id, ana.id());
        inbox.setAvailability(ana.id(), "ONLINE"); // with room, yet it released the conversation
        String before = etag(id);

        WireResponse unassigned = act(inbox, id, "unassign", null, null);

        assertThat(unassigned.status()).as(unassigned.body()).isEqualTo(200);
        assertThat(unassigned.json().get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(unassigned.json().get("assignee").isNull()).isTrue();
        assertThat(unassigned.json().get("waitingForAgent").asBoolean()).isTrue();
        assertThat(unassigned.json().get("waitingSince").isNull()).isFalse();
        assertChanged(unassigned, before);
        assertCounters(0, 0);
        assertFolderCounts(1, 0, 0);
        assertLastEvent(id, "UNASSIGNED", null, ana.id(), "MANUAL", "admin");

        inbox.setAvailability(ben.id(), "ONLINE"); // someone else is served it
        assertThat(inbox.conversation(id).get("assignee").get("id").asLong()).isEqualTo(ben.id());
        assertLastEvent(id, "ASSIGNED", ben.id(), null, "AUTO", "system");
        assertCounters(0, 1);
    }

    @Test
    void archivingAnUnassignedConversationLeavesItWithoutAnAgent() {
        long id = inbox.startWaitingConversation("Iker").get("id").asLong();
        String before = etag(id);

        WireResponse archived = act(inbox, id, "archive", null, null);

        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        assertThat(archived.json().get("status").asString()).isEqualTo("ARCHIVED");
        assertThat(archived.json().get("assignee").isNull()).isTrue();
        assertThat(archived.json().get("archivedAt").isNull()).isFalse();
        assertThat(archived.json().get("waitingForAgent").asBoolean()).as("no longer waits").isFalse();
        assertChanged(archived, before);
        assertCounters(0, 0);
        assertFolderCounts(0, 0, 1);
        assertLastEvent(id, "ARCHIVED", null, null, "MANUAL", "admin");
    }

    @Test
    void archivingAnAssignedConversationKeepsItsAgentAndFreesTheCounter() {
        long id = inbox.startConversation("Iker");
        inbox.assign(id, ana.id());
        String before = etag(id);

        WireResponse archived = act(inbox.as(ana.token()), id, "archive", null, null);

        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        assertThat(archived.json().get("status").asString()).isEqualTo("ARCHIVED");
        assertThat(archived.json().get("assignee").get("id").asLong()).isEqualTo(ana.id());
        assertThat(archived.json().get("archivedAt").isNull()).isFalse();
        assertChanged(archived, before);
        assertCounters(0, 0);
        assertFolderCounts(0, 0, 1);
        JsonNode anas = inbox.get("/api/v1/conversations/counts?assigneeId={id}", ana.id());
        assertThat(anas.get("archived").asLong()).isEqualTo(1);
        assertThat(anas.get("assigned").asLong()).isZero();
        assertLastEvent(id, "ARCHIVED", ana.id(), null, "MANUAL", "agent:" + ana.id());
    }

    @Test
    void reopeningPutsAnArchivedConversationBackInTheQueueWhenItsAgentIsNotOnline() {
        long id = inbox.startConversation("Iker");
        inbox.assign(id, ana.id());
        inbox.action(id, "archive", null);
        String before = etag(id);

        WireResponse reopened = act(inbox, id, "reopen", null, null);

        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        assertThat(reopened.json().get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(reopened.json().get("assignee").isNull()).isTrue();
        assertThat(reopened.json().get("archivedAt").isNull()).isTrue();
        assertThat(reopened.json().get("waitingForAgent").asBoolean()).isTrue();
        assertChanged(reopened, before);
        assertCounters(0, 0);
        assertFolderCounts(1, 0, 0);
        assertLastEvent(id, "REOPENED", null, ana.id(), "MANUAL", "admin");
    }

    @Test
    void reopeningGivesTheConversationBackToItsPreviousAgentWhenThatAgentIsOnline() {
        long id = inbox.startConversation("Iker");
        inbox.assign(id, ana.id());
        inbox.action(id, "archive", null);
        inbox.setAvailability(ana.id(), "ONLINE");
        inbox.setAvailability(ben.id(), "ONLINE");

        WireResponse reopened = act(inbox, id, "reopen", null, null);

        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        assertThat(reopened.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(reopened.json().get("assignee").get("id").asLong()).isEqualTo(ana.id());
        assertCounters(1, 0);
        assertFolderCounts(0, 1, 0);
        List<JsonNode> timeline = events(id);
        assertEvent(timeline.get(timeline.size() - 2), "REOPENED", null, ana.id(), "MANUAL", "admin");
        assertEvent(timeline.get(timeline.size() - 1), "ASSIGNED", ana.id(), null, "REOPEN", "system");
    }

    @Test
    void aHandoffPutsTheConversationInTheQueueWhereAnOnlineAgentTakesIt() {
        long id = partner.startConversation("Iker");
        assertThat(inbox.conversation(id).get("waitingForAgent").asBoolean()).isFalse();
        String before = etag(id);

        WireResponse handedOff = act(partner, id, "handoff", null, null);

        assertThat(handedOff.status()).as(handedOff.body()).isEqualTo(200);
        assertThat(handedOff.json().get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(handedOff.json().get("waitingForAgent").asBoolean()).isTrue();
        assertChanged(handedOff, before);
        assertFolderCounts(1, 0, 0);
        assertLastEvent(id, "HANDOFF_REQUESTED", null, null, "MANUAL", partnerActor);

        inbox.setAvailability(ben.id(), "ONLINE");
        assertThat(inbox.conversation(id).get("assignee").get("id").asLong()).isEqualTo(ben.id());
        assertCounters(0, 1);
        assertFolderCounts(0, 1, 0);
        assertLastEvent(id, "ASSIGNED", ben.id(), null, "AUTO", "system");
    }

    @Test
    void aHandoffWithAnAgentAlreadyOnlineIsServedRightAfterItCommits() {
        inbox.setAvailability(ana.id(), "ONLINE");
        long id = partner.startConversation("Iker");

        WireResponse handedOff = act(partner, id, "handoff", null, null);

        assertThat(handedOff.status()).as(handedOff.body()).isEqualTo(200);
        JsonNode conversation = inbox.conversation(id);
        assertThat(conversation.get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(conversation.get("assignee").get("id").asLong()).isEqualTo(ana.id());
        assertThat(eventTypes(id)).containsExactly("CREATED", "HANDOFF_REQUESTED", "ASSIGNED");
        assertCounters(1, 0);
    }

    @Test
    void messagesAreListedOldestFirstAndEachOneChangesTheConversation() {
        long id = partner.startConversation("Iker");
        inbox.assign(id, ana.id());
        String afterAssign = etag(id);

        WireResponse visitor = message(partner, id, "{\"author\": \"VISITOR\", \"text\": \"Hola\"}");
        assertThat(visitor.status()).as(visitor.body()).isEqualTo(201);
        String afterVisitor = etag(id);
        assertThat(afterVisitor).as("a message is a change").isNotEqualTo(afterAssign);
        WireResponse bot = message(partner, id, "{\"author\": \"BOT\", \"text\": \"Un momento\"}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        WireResponse agent = message(inbox.as(ana.token()), id, "{\"author\": \"AGENT\", \"text\": \"Hola Iker\"}");
        assertThat(agent.status()).as(agent.body()).isEqualTo(201);
        assertThat(etag(id)).isNotEqualTo(afterVisitor);

        List<JsonNode> messages = inbox.get("/api/v1/conversations/{id}/messages", id).get("items").valueStream().toList();
        assertThat(messages).extracting(m -> m.get("author").asString()).containsExactly("VISITOR", "BOT", "AGENT");
        assertThat(messages).extracting(m -> m.get("text").asString()).containsExactly("Hola", "Un momento", "Hola Iker");
        assertThat(messages.get(2).get("agentId").asLong()).as("written as the calling agent").isEqualTo(ana.id());
        JsonNode conversation = inbox.conversation(id);
        assertThat(conversation.get("lastMessageAt").asString()).isEqualTo(agent.json().get("createdAt").asString());
        assertThat(conversation.get("status").asString()).as("messages move nothing").isEqualTo("ASSIGNED");
        assertThat(eventTypes(id)).containsExactly("CREATED", "ASSIGNED");
        assertCounters(1, 0);
    }

    @Test
    void anAgentMessageFromAnAgentNotHoldingTheConversationIsAConflict() {
        long id = inbox.startConversation("Iker");
        inbox.assign(id, ana.id());
        String before = etag(id);

        WireResponse refused = message(inbox.as(ben.token()), id, "{\"author\": \"AGENT\", \"text\": \"Mine now\"}");

        refused.assertProblem(409).assertProblemType("conversation-state-conflict");
        assertThat(refused.json().get("currentStatus").asString()).isEqualTo("ASSIGNED");
        assertThat(refused.json().get("currentAssigneeId").asLong()).isEqualTo(ana.id());
        assertThat(inbox.get("/api/v1/conversations/{id}/messages", id).get("items")).isEmpty();
        assertThat(etag(id)).isEqualTo(before);
    }

    @Test
    void aVisitorWritingInAnArchivedConversationReopensIt() {
        long id = partner.startConversation("Iker");
        inbox.assign(id, ana.id());
        inbox.action(id, "archive", null);
        String before = etag(id);

        WireResponse written = message(partner, id, "{\"author\": \"VISITOR\", \"text\": \"¿Seguís ahí?\"}");

        assertThat(written.status()).as(written.body()).isEqualTo(201);
        JsonNode conversation = inbox.conversation(id);
        assertThat(conversation.get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(conversation.get("assignee").isNull()).isTrue();
        assertThat(conversation.get("waitingForAgent").asBoolean()).isTrue();
        assertThat(etag(id)).isNotEqualTo(before).isEqualTo("W/\"" + conversation.get("version").asLong() + "\"");
        assertCounters(0, 0);
        assertFolderCounts(1, 0, 0);
        assertLastEvent(id, "REOPENED", null, ana.id(), "VISITOR_MESSAGE", partnerActor);
    }

    @Test
    void aVisitorWritingInAnArchivedConversationGoesBackToItsOnlineAgent() {
        long id = partner.startConversation("Iker");
        inbox.assign(id, ana.id());
        inbox.action(id, "archive", null);
        inbox.setAvailability(ana.id(), "ONLINE");

        assertThat(message(partner, id, "{\"author\": \"VISITOR\", \"text\": \"Otra cosa\"}").status()).isEqualTo(201);

        JsonNode conversation = inbox.conversation(id);
        assertThat(conversation.get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(conversation.get("assignee").get("id").asLong()).isEqualTo(ana.id());
        assertCounters(1, 0);
        assertThat(eventTypes(id)).containsExactly("CREATED", "ASSIGNED", "ARCHIVED", "REOPENED", "ASSIGNED");
        assertLastEvent(id, "ASSIGNED", ana.id(), null, "REOPEN", "system");
    }

    @Test
    void theTimelineRecordsEveryTransitionInOrderWithItsAgentsReasonAndActor() {
        long id = inbox.startConversation("Iker");
        inbox.assign(id, ana.id());
        act(inbox.as(ana.token()), id, "transfer", agent(ben), null);
        act(inbox.as(ben.token()), id, "unassign", null, null);
        act(partner, id, "assign", agent(ana), null);
        act(inbox.as(ana.token()), id, "archive", null, null);
        act(inbox, id, "reopen", null, null);
        act(inbox, id, "archive", null, null);

        List<JsonNode> timeline = events(id);

        assertThat(timeline).hasSize(8);
        assertEvent(timeline.get(0), "CREATED", null, null, "MANUAL", "admin");
        assertEvent(timeline.get(1), "ASSIGNED", ana.id(), null, "MANUAL", "admin");
        assertEvent(timeline.get(2), "TRANSFERRED", ben.id(), ana.id(), "MANUAL", "agent:" + ana.id());
        assertEvent(timeline.get(3), "UNASSIGNED", null, ben.id(), "MANUAL", "agent:" + ben.id());
        assertEvent(timeline.get(4), "ASSIGNED", ana.id(), null, "MANUAL", partnerActor);
        assertEvent(timeline.get(5), "ARCHIVED", ana.id(), null, "MANUAL", "agent:" + ana.id());
        assertEvent(timeline.get(6), "REOPENED", null, ana.id(), "MANUAL", "admin");
        assertEvent(timeline.get(7), "ARCHIVED", null, null, "MANUAL", "admin");
        for (int i = 1; i < timeline.size(); i++) {
            assertThat(timeline.get(i).get("at").asString()).as("event %d is not older than the one before", i)
                    .isGreaterThanOrEqualTo(timeline.get(i - 1).get("at").asString());
        }
        assertCounters(0, 0);
        assertFolderCounts(0, 0, 1);
    }

    @Test
    void everyChangeGivesANewEntityTagAndANoOpKeepsIt() {
        long id = inbox.startConversation("Iker");
        WireResponse read = send(inbox.http().get().uri("/api/v1/conversations/{id}", id));
        String tag = read.headers().getETag();
        assertThat(tag).isEqualTo("W/\"" + read.json().get("version").asLong() + "\"");

        tag = assertChange(id, "assign", agent(ana), tag);
        assertNoOp(id, "assign", agent(ana), tag);
        assertNoOp(id, "transfer", agent(ana), tag);
        assertNoOp(id, "handoff", null, tag); // an assigned conversation already has a human
        tag = assertChange(id, "transfer", agent(ben), tag);
        tag = assertChange(id, "unassign", null, tag);
        assertNoOp(id, "unassign", null, tag);
        assertNoOp(id, "handoff", null, tag); // it already waits for an agent
        assertNoOp(id, "reopen", null, tag);
        tag = assertChange(id, "archive", null, tag);
        assertNoOp(id, "archive", null, tag);
        tag = assertChange(id, "reopen", null, tag);
        assertNoOp(id, "reopen", null, tag);

        assertCounters(0, 0);
        assertFolderCounts(1, 0, 0);
    }

    /** The action succeeds with the tag it was given and answers a new one, which a later read shows. */
    private String assertChange(long conversationId, String action, Object body, String tag) {
        WireResponse changed = act(inbox, conversationId, action, body, tag);
        assertThat(changed.status()).as("%s: %s", action, changed.body()).isEqualTo(200);
        assertChanged(changed, tag);
        return changed.headers().getETag();
    }

    /** The action succeeds with the tag it was given, and neither the tag nor the timeline moves. */
    private void assertNoOp(long conversationId, String action, Object body, String tag) {
        int events = events(conversationId).size();
        WireResponse again = act(inbox, conversationId, action, body, tag);
        assertThat(again.status()).as("%s: %s", action, again.body()).isEqualTo(200);
        assertThat(again.headers().getETag()).as("ETag after %s", action).isEqualTo(tag);
        assertThat(etag(conversationId)).as("ETag read after %s", action).isEqualTo(tag);
        assertThat(events(conversationId)).as("%s records nothing", action).hasSize(events);
    }

    @Test
    void anActionNamingAnEarlierEntityTagFailsItsPreconditionAndChangesNothing() {
        long id = inbox.startConversation("Iker");
        String stale = etag(id);
        inbox.assign(id, ana.id());
        String current = etag(id);
        String fingerprint = databaseFingerprint();

        for (String[] step : new String[][] {{"transfer", "ben"}, {"unassign", null}, {"archive", null},
                {"handoff", null}, {"assign", "ben"}}) {
            Object body = step[1] == null ? null : agent(ben);
            WireResponse refused = act(inbox, id, step[0], body, stale);
            refused.assertProblem(412).assertProblemType("version-mismatch");
            assertThat(refused.headers().getETag()).as(step[0]).isEqualTo(current);
        }

        assertThat(databaseFingerprint()).isEqualTo(fingerprint);
        assertThat(act(inbox, id, "transfer", agent(ben), "W/\"999\", " + current).status())
                .as("any listed tag naming the current version will do").isEqualTo(200);
        WireResponse afterTransfer = act(inbox, id, "archive", null, current);
        afterTransfer.assertProblem(412);
        assertCounters(0, 1);
    }

    private void assertChanged(WireResponse response, String previousTag) {
        String tag = response.headers().getETag();
        assertThat(tag).as("ETag of %s", response.request()).isEqualTo("W/\"" + response.json().get("version").asLong() + "\"");
        assertThat(tag).as("ETag of %s", response.request()).isNotEqualTo(previousTag);
        assertThat(etag(response.json().get("id").asLong())).as("a later read shows the same version").isEqualTo(tag);
    }

    private void assertCounters(int anas, int bens) {
        assertThat(inbox.get("/api/v1/agents/{id}", ana.id()).get("activeConversations").asInt()).as("Ana's counter")
                .isEqualTo(anas);
        assertThat(inbox.get("/api/v1/agents/{id}", ben.id()).get("activeConversations").asInt()).as("Ben's counter")
                .isEqualTo(bens);
    }

    private void assertFolderCounts(long unassigned, long assigned, long archived) {
        JsonNode counts = inbox.get("/api/v1/conversations/counts");
        assertThat(List.of(counts.get("unassigned").asLong(), counts.get("assigned").asLong(),
                counts.get("archived").asLong(), counts.get("all").asLong()))
                .as("folder counts %s", counts)
                .containsExactly(unassigned, assigned, archived, unassigned + assigned + archived);
    }

    private void assertLastEvent(long conversationId, String type, Long agentId, Long previousAgentId, String reason,
            String actor) {
        List<JsonNode> timeline = events(conversationId);
        assertEvent(timeline.get(timeline.size() - 1), type, agentId, previousAgentId, reason, actor);
    }

    private static void assertEvent(JsonNode event, String type, Long agentId, Long previousAgentId, String reason,
            String actor) {
        assertThat(event.get("type").asString()).as("type of %s", event).isEqualTo(type);
        assertNullableId(event, "agentId", agentId);
        assertNullableId(event, "previousAgentId", previousAgentId);
        assertThat(event.get("reason").asString()).as("reason of %s", event).isEqualTo(reason);
        assertThat(event.get("actor").asString()).as("actor of %s", event).isEqualTo(actor);
        assertThat(event.get("at").asString("")).as("at of %s", event).isNotBlank();
    }

    private static void assertNullableId(JsonNode event, String field, Long expected) {
        JsonNode value = event.get(field);
        assertThat(value).as("%s member of %s", field, event).isNotNull();
        if (expected == null) {
            assertThat(value.isNull()).as("%s of %s", field, event).isTrue();
        } else {
            assertThat(value.asLong()).as("%s of %s", field, event).isEqualTo(expected);
        }
    }

    private List<JsonNode> events(long conversationId) {
        return inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId).get("items").valueStream().toList();
    }

    private List<String> eventTypes(long conversationId) {
        return events(conversationId).stream().map(event -> event.get("type").asString()).toList();
    }

    private String etag(long conversationId) {
        return send(inbox.http().get().uri("/api/v1/conversations/{id}", conversationId)).headers().getETag();
    }

    private static Map<String, Long> agent(HiredAgent agent) {
        return Map.of("agentId", agent.id());
    }

    /** A conversation action as {@code caller}, with {@code If-Match} when a tag is given. */
    private static WireResponse act(InboxClient caller, long conversationId, String action, Object body, String ifMatch) {
        RestTestClient.RequestBodySpec request = caller.http().post()
                .uri("/api/v1/conversations/{id}/{action}", conversationId, action)
                .contentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        if (body != null) {
            request.body(body);
        }
        return send(request);
    }

    private static WireResponse message(InboxClient caller, long conversationId, String json) {
        return send(caller.http().post().uri("/api/v1/conversations/{id}/messages", conversationId)
                .contentType(MediaType.APPLICATION_JSON).body(json));
    }

    private static WireResponse send(RestTestClient.RequestHeadersSpec<?> request) {
        WireResponse response = WireResponse.send(request);
        if (response.status() >= 400) {
            response.assertRevealsNoInternals();
        }
        return response;
    }
}
