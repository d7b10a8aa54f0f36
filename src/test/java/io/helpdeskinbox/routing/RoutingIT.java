package io.helpdeskinbox.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Routing over HTTP (issue 36): teams, skills and priority decide who takes a conversation and in
 * what order; routing changes by hand, transfers to a team and a team's deletion, each with its
 * event; lists and counts per team. Every read waits for the engine, as the API's users would see it
 * settle.
 */
class RoutingIT extends InboxIntegrationTest {

    private static final MediaType MERGE_PATCH = MediaType.valueOf("application/merge-patch+json");

    @AfterEach
    void countersAndTeamCountsEqualTheRows() {
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void onlyATeamsMembersHoldingEveryRequiredSkillTakeItsConversations() {
        long billing = team("Billing", Map.of());
        long ana = onlineAgent("Ana", List.of("es"), billing);
        long ben = onlineAgent("Ben", List.of("en"), billing);
        long carla = onlineAgent("Carla", List.of("billing", "es"), null);

        long spanishBilling = start(Map.of("teamId", billing, "requiredSkills", List.of("es")));
        long spanish = start(Map.of("requiredSkills", List.of("es")));
        long french = start(Map.of("teamId", billing, "requiredSkills", List.of("fr")));

        assertThat(assignee(spanishBilling)).as("the team's Spanish speaker").isEqualTo(ana);
        assertThat(assignee(spanish)).as("any Spanish speaker: the least busy").isEqualTo(carla);
        assertThat(inbox.conversation(french).get("status").asString()).as("nobody in the team speaks French: it waits")
                .isEqualTo("UNASSIGNED");

        mergePatch("/api/v1/agents/" + ben, "{\"skills\":[\"fr\",\"en\"]}").assertStatus(200);

        assertThat(assignee(french)).as("Ben learnt French: the engine hands it over").isEqualTo(ben);
        JsonNode benListed = inbox.get("/api/v1/agents").get("items").valueStream()
                .filter(agent -> agent.get("id").asLong() == ben).findFirst().orElseThrow();
        assertThat(benListed.get("skills").valueStream().map(JsonNode::asString)).containsExactly("en", "fr");
        assertThat(benListed.get("teams").get(0).get("name").asString()).isEqualTo("Billing");
    }

    @Test
    void urgentGoesFirstThenWaitingLongestAndATeamsDefaultCapacityBoundsItsAgents() {
        long support = team("Support", Map.of("defaultCapacity", 2));
        long low = start(Map.of("teamId", support, "priority", "LOW"));
        long normal = start(Map.of("teamId", support));
        long urgent = start(Map.of("teamId", support, "priority", "URGENT"));
        long high = start(Map.of("teamId", support, "priority", "HIGH"));

        long dora = onlineAgent("Dora", List.of(), support);

        assertThat(inbox.folder("assigned")).containsExactlyInAnyOrder(urgent, high);
        assertThat(inbox.activeConversations(dora)).as("the team's default capacity").isEqualTo(2);
        assertThat(inbox.folder("unassigned")).as("the folder stays in waiting order").containsExactly(low, normal);
        assertThat(inbox.conversation(urgent).get("priority").asString()).isEqualTo("URGENT");

        inbox.action(urgent, "archive", null);

        assertThat(assignee(normal)).as("NORMAL before LOW, though LOW waits longer").isEqualTo(dora);
    }

    @Test
    void aTeamWithAutoAssignmentOffKeepsItsQueueForHandsUntilItIsTurnedOn() {
        long vip = team("VIP", Map.of("autoAssignment", false));
        onlineAgent("Eva", List.of(), vip);
        long waiting = start(Map.of("teamId", vip));
        long global = start(Map.of());

        assertThat(inbox.conversation(waiting).get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(inbox.conversation(global).get("status").asString()).as("the global queue is served")
                .isEqualTo("ASSIGNED");

        mergePatch("/api/v1/teams/" + vip, "{\"autoAssignment\":true}").assertStatus(200);

        assertThat(inbox.conversation(waiting).get("status").asString()).isEqualTo("ASSIGNED");
    }

    @Test
    void routingByHandChangesTeamPrioritySkillsNotTheAssigneeAndIsRecordedOnce() {
        long sales = team("Sales", Map.of());
        long fede = onlineAgent("Fede", List.of(), null);
        long conversation = start(Map.of());
        assertThat(assignee(conversation)).isEqualTo(fede);
        long version = inbox.conversation(conversation).get("version").asLong();

        WireResponse routed = mergePatch("/api/v1/conversations/" + conversation,
                "{\"teamId\":" + sales + ",\"priority\":\"HIGH\",\"requiredSkills\":[\"es\",\"billing\",\"es\"]}",
                "W/\"" + version + "\"");

        routed.assertStatus(200);
        assertThat(routed.json().get("team").get("name").asString()).isEqualTo("Sales");
        assertThat(routed.json().get("priority").asString()).isEqualTo("HIGH");
        assertThat(routed.json().get("requiredSkills").valueStream().map(JsonNode::asString))
                .as("each once, alphabetical").containsExactly("billing", "es");
        assertThat(routed.json().get("assignee").get("id").asLong()).as("only auto-assignment looks at routing")
                .isEqualTo(fede);
        assertThat(routed.headers().getETag()).isEqualTo("W/\"" + (version + 1) + "\"");
        JsonNode entry = lastTimelineEntry(conversation);
        assertThat(entry.get("type").asString()).isEqualTo("ROUTED");
        assertThat(entry.get("reason").asString()).isEqualTo("MANUAL");

        mergePatch("/api/v1/conversations/" + conversation, "{\"priority\":\"LOW\"}", "W/\"" + version + "\"")
                .assertProblem(412).assertProblemType("version-mismatch");
        assertThat(mergePatch("/api/v1/conversations/" + conversation, "{\"teamId\":null,\"priority\":null}").json()
                .get("team").isNull()).as("null: the global queue").isTrue();
        assertThat(inbox.conversation(conversation).get("priority").asString()).as("null: NORMAL").isEqualTo("NORMAL");
        assertThat(inbox.conversation(conversation).get("requiredSkills")).as("absent: unchanged").hasSize(2);
    }

    @Test
    void badRoutingIsRefusedNamingTheFieldAndChangesNothing() {
        long conversation = start(Map.of());
        long agent = inbox.createAgent("Gala", "gala@example.com");
        String before = databaseFingerprint();

        invalidPost("/api/v1/conversations", Map.of("visitor", Map.of("name", "V"), "teamId", 999_999))
                .assertProblem(422).assertProblemType("unknown-team");
        assertThat(invalidPost("/api/v1/conversations", Map.of("visitor", Map.of("name", "V"),
                "requiredSkills", List.of("Spanish"))).assertProblem(400).errorFields()).containsExactly("requiredSkills[0]");
        assertThat(invalidPatch("/api/v1/conversations/" + conversation, "{\"requiredSkills\":[\"" + "x".repeat(33)
                + "\"]}").assertProblem(400).errorFields()).containsExactly("requiredSkills[0]");
        assertThat(invalidPatch("/api/v1/agents/" + agent, "{\"skills\":" + twentyOneSkills() + "}")
                .assertProblem(400).errorFields()).containsExactly("skills");
        invalidPatch("/api/v1/conversations/" + conversation, "{\"teamId\":999999}").assertProblem(422)
                .assertProblemType("unknown-team");
        invalidPatch("/api/v1/conversations/" + conversation, "{\"priority\":\"SOON\"}").assertProblem(400);
        WireResponse.send(inbox.invalidRequests().http().post().uri("/api/v1/conversations/{id}/transfer", conversation)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("agentId", agent, "teamId", 1)))
                .assertProblem(400);
        invalidPost("/api/v1/conversations/" + conversation + "/transfer", Map.of("teamId", 999_999))
                .assertProblem(422).assertProblemType("unknown-team");
        WireResponse.send(inbox.invalidRequests().http().get().uri("/api/v1/conversations?teamId=billing"))
                .assertProblem(400);

        assertThat(databaseFingerprint()).isEqualTo(before);
    }

    @Test
    void aTransferToATeamPutsItInThatTeamsQueueAndNotBackToTheSameAgent() {
        long tier2 = team("Tier 2", Map.of());
        long hugo = onlineAgent("Hugo", List.of(), tier2);
        long conversation = start(Map.of());
        assertThat(assignee(conversation)).isEqualTo(hugo);

        JsonNode transferred = inbox.post("/api/v1/conversations/" + conversation + "/transfer",
                Map.of("teamId", tier2), HttpStatus.OK);

        assertThat(transferred.get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(transferred.get("team").get("id").asLong()).isEqualTo(tier2);
        assertThat(inbox.activeConversations(hugo)).isZero();
        JsonNode entry = lastTimelineEntry(conversation);
        assertThat(entry.get("type").asString()).isEqualTo("TRANSFERRED");
        assertThat(entry.get("reason").asString()).isEqualTo("TRANSFERRED_TO_TEAM");
        assertThat(entry.get("previousAgentId").asLong()).isEqualTo(hugo);
        assertThat(inbox.conversation(conversation).get("status").asString())
                .as("not straight back to the agent who sent it").isEqualTo("UNASSIGNED");

        long iris = onlineAgent("Iris", List.of(), tier2);

        assertThat(assignee(conversation)).isEqualTo(iris);
    }

    @Test
    void aReopenedConversationGoesBackToItsAgentOnlyIfThatAgentMayStillTakeIt() {
        long kim = onlineAgent("Kim", List.of(), null);
        long conversation = start(Map.of());
        assertThat(assignee(conversation)).isEqualTo(kim);
        inbox.action(conversation, "archive", null);
        long experts = team("Experts", Map.of());
        mergePatch("/api/v1/conversations/" + conversation, "{\"teamId\":" + experts + "}").assertStatus(200);

        JsonNode reopened = inbox.post("/api/v1/conversations/" + conversation + "/reopen", null, HttpStatus.OK);

        assertThat(reopened.get("status").asString()).as("Kim is not in its team now: it waits for the team")
                .isEqualTo("UNASSIGNED");
        long lena = onlineAgent("Lena", List.of(), experts);
        assertThat(assignee(conversation)).isEqualTo(lena);
    }

    @Test
    void aDeletedTeamsConversationsGoToTheGlobalQueueEachWithAnEvent() {
        long night = team("Night shift", Map.of());
        long waiting = start(Map.of("teamId", night));
        long archived = start(Map.of("teamId", night));
        inbox.action(archived, "archive", null);
        long other = start(Map.of());

        assertThat(WireResponse.send(inbox.http().method(HttpMethod.DELETE).uri("/api/v1/teams/" + night)).status())
                .isEqualTo(204);

        assertThat(inbox.conversation(waiting).get("team").isNull()).isTrue();
        assertThat(inbox.conversation(archived).get("team").isNull()).isTrue();
        JsonNode entry = lastTimelineEntry(waiting);
        assertThat(entry.get("type").asString()).isEqualTo("ROUTED");
        assertThat(entry.get("reason").asString()).isEqualTo("TEAM_DELETED");
        assertThat(lastTimelineEntry(other).get("type").asString()).isEqualTo("CREATED");
        assertThat(jdbc.sql("select count(*) from outbox_event where type = 'conversation.routed'").query(Long.class)
                .single()).as("one event per conversation that left the team").isEqualTo(2);

        long juan = onlineAgent("Juan", List.of(), null);

        assertThat(assignee(waiting)).as("nothing is lost: the global queue serves it").isEqualTo(juan);
    }

    @Test
    void listsAndCountsPerTeamAndForTheGlobalQueue() {
        long red = team("Red", Map.of());
        long blue = team("Blue", Map.of());
        long red1 = start(Map.of("teamId", red));
        long red2 = start(Map.of("teamId", red));
        long blue1 = start(Map.of("teamId", blue));
        long none = start(Map.of());
        inbox.action(red2, "archive", null);

        assertThat(ids("/api/v1/conversations?folder=all&teamId=" + red)).containsExactlyInAnyOrder(red1, red2);
        assertThat(ids("/api/v1/conversations?folder=unassigned&teamId=" + red)).containsExactly(red1);
        assertThat(ids("/api/v1/conversations?folder=unassigned&teamId=none")).containsExactly(none);
        assertThat(ids("/api/v1/conversations?teamId=" + blue)).containsExactly(blue1);
        JsonNode redCounts = inbox.get("/api/v1/conversations/counts?teamId=" + red);
        assertThat(redCounts.get("unassigned").asLong()).isEqualTo(1);
        assertThat(redCounts.get("archived").asLong()).isEqualTo(1);
        assertThat(redCounts.get("all").asLong()).isEqualTo(2);
        assertThat(inbox.get("/api/v1/conversations/counts?teamId=none").get("all").asLong()).isEqualTo(1);
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("teams").valueStream().map(team -> team.get("name").isNull() ? "none"
                : team.get("name").asString() + "=" + team.get("folderCounts").get("all").asLong()))
                .containsExactly("none", "Red=2", "Blue=1");
    }

    private long team(String name, Map<String, Object> settings) {
        Map<String, Object> body = new HashMap<>(settings);
        body.put("name", name);
        return inbox.post("/api/v1/teams", body, HttpStatus.CREATED).get("id").asLong();
    }

    private long onlineAgent(String name, List<String> skills, Long team) {
        long agent = inbox.createAgent(name, name.toLowerCase() + "@example.com");
        if (!skills.isEmpty()) {
            mergePatch("/api/v1/agents/" + agent, "{\"skills\":[\"" + String.join("\",\"", skills) + "\"]}")
                    .assertStatus(200);
        }
        if (team != null) {
            assertThat(WireResponse.send(inbox.http().method(HttpMethod.PUT)
                    .uri("/api/v1/teams/" + team + "/members/" + agent)).status()).isEqualTo(204);
        }
        inbox.setAvailability(agent, "ONLINE");
        return agent;
    }

    private long start(Map<String, Object> routing) {
        Map<String, Object> body = new HashMap<>(routing);
        body.put("visitor", Map.of("name", "Visitor"));
        body.put("waitingForAgent", true);
        return inbox.post("/api/v1/conversations", body, HttpStatus.CREATED).get("id").asLong();
    }

    private long assignee(long conversationId) {
        JsonNode conversation = inbox.conversation(conversationId);
        assertThat(conversation.get("status").asString()).as("conversation %d", conversationId).isEqualTo("ASSIGNED");
        return conversation.get("assignee").get("id").asLong();
    }

    private List<Long> ids(String path) {
        return inbox.get(path).get("items").valueStream().map(item -> item.get("id").asLong()).toList();
    }

    private JsonNode lastTimelineEntry(long conversationId) {
        List<JsonNode> entries = inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId).get("items")
                .valueStream().toList();
        return entries.get(entries.size() - 1);
    }

    private WireResponse mergePatch(String path, String json) {
        return WireResponse.send(inbox.http().patch().uri(path).contentType(MERGE_PATCH).body(json));
    }

    private WireResponse mergePatch(String path, String json, String ifMatch) {
        return WireResponse.send(inbox.invalidRequests().http().patch().uri(path).contentType(MERGE_PATCH)
                .header(HttpHeaders.IF_MATCH, ifMatch).body(json));
    }

    private WireResponse invalidPatch(String path, String json) {
        return WireResponse.send(inbox.invalidRequests().http().patch().uri(path).contentType(MERGE_PATCH).body(json));
    }

    private WireResponse invalidPost(String path, Object body) {
        return WireResponse.send(inbox.invalidRequests().http().post().uri(path)
                .contentType(MediaType.APPLICATION_JSON).body(body));
    }

    private static String twentyOneSkills() {
        StringBuilder skills = new StringBuilder("[");
        for (int i = 0; i < 21; i++) {
            skills.append(i == 0 ? "" : ",").append("\"s").append(i).append('"');
        }
        return skills.append(']').toString();
    }
}
