package io.helpdeskinbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/** Teams over HTTP (issue 36): what the admin manages, what everyone reads, and what is refused. */
class TeamsIT extends InboxIntegrationTest {

    @Test
    void aTeamIsCreatedWithItsOwnSettingsReadListedChangedAndDeleted() {
        JsonNode created = inbox.post("/api/v1/teams", Map.of("name", "  Billing (Spanish) ", "description",
                "Invoices and refunds", "strategy", "ROUND_ROBIN", "defaultCapacity", 4), HttpStatus.CREATED);
        long billing = created.get("id").asLong();
        assertThat(created.get("name").asString()).isEqualTo("Billing (Spanish)");
        assertThat(created.get("strategy").asString()).isEqualTo("ROUND_ROBIN");
        assertThat(created.get("defaultCapacity").asInt()).isEqualTo(4);
        assertThat(created.get("autoAssignment").isNull()).as("absent: the global setting").isTrue();
        assertThat(created.get("members")).isEmpty();
        long sales = inbox.post("/api/v1/teams", Map.of("name", "Sales"), HttpStatus.CREATED).get("id").asLong();

        assertThat(inbox.get("/api/v1/teams").get("items").valueStream().map(team -> team.get("id").asLong()))
                .as("by name").containsExactly(billing, sales);
        assertThat(inbox.get("/api/v1/teams/{id}", billing)).isEqualTo(created);

        JsonNode patched = patch("/api/v1/teams/" + billing, "{\"strategy\":null,\"autoAssignment\":false}").json();
        assertThat(patched.get("strategy").isNull()).as("null: the global strategy again").isTrue();
        assertThat(patched.get("autoAssignment").asBoolean()).isFalse();
        assertThat(patched.get("defaultCapacity").asInt()).as("absent: unchanged").isEqualTo(4);
        assertThat(patched.get("name").asString()).isEqualTo("Billing (Spanish)");

        assertThat(send(HttpMethod.DELETE, "/api/v1/teams/" + billing).status()).isEqualTo(204);
        send(HttpMethod.GET, "/api/v1/teams/" + billing).assertProblem(404).assertProblemType("team-not-found");
        assertThat(inbox.get("/api/v1/teams").get("items").valueStream().map(team -> team.get("id").asLong()))
                .containsExactly(sales);
    }

    @Test
    void anAgentMayBeInSeveralTeamsAndATeamListsItsActiveMembers() {
        long ana = inbox.createAgent("Ana", "ana@example.com");
        long ben = inbox.createAgent("Ben", "ben@example.com");
        long billing = team("Billing");
        long spanish = team("Spanish");

        assertThat(send(HttpMethod.PUT, "/api/v1/teams/" + billing + "/members/" + ben).status()).isEqualTo(204);
        assertThat(send(HttpMethod.PUT, "/api/v1/teams/" + billing + "/members/" + ana).status()).isEqualTo(204);
        assertThat(send(HttpMethod.PUT, "/api/v1/teams/" + billing + "/members/" + ana).status())
                .as("a member already stays one").isEqualTo(204);
        assertThat(send(HttpMethod.PUT, "/api/v1/teams/" + spanish + "/members/" + ana).status()).isEqualTo(204);
        assertThat(memberIds(billing)).containsExactly(ana, ben);
        assertThat(memberIds(spanish)).containsExactly(ana);

        assertThat(send(HttpMethod.DELETE, "/api/v1/teams/" + billing + "/members/" + ben).status()).isEqualTo(204);
        assertThat(send(HttpMethod.DELETE, "/api/v1/teams/" + billing + "/members/" + ben).status())
                .as("not a member, still none").isEqualTo(204);
        assertThat(memberIds(billing)).containsExactly(ana);

        assertThat(send(HttpMethod.DELETE, "/api/v1/agents/" + ana).status()).isEqualTo(204);
        assertThat(memberIds(billing)).as("an inactive agent is nobody's member").isEmpty();
        assertThat(memberIds(spanish)).isEmpty();
        send(HttpMethod.PUT, "/api/v1/teams/" + spanish + "/members/" + ana).assertProblem(409)
                .assertProblemType("agent-inactive");

        assertThat(send(HttpMethod.DELETE, "/api/v1/teams/" + spanish).status()).isEqualTo(204);
        assertThat(jdbc.sql("select count(*) from team_member where team_id = :id").param("id", spanish)
                .query(Long.class).single()).as("its memberships went with it").isZero();
        assertThat(inbox.get("/api/v1/agents/{id}", ben).get("active").asBoolean()).as("its agents stay").isTrue();
    }

    @Test
    void badTeamsAreRefusedNamingTheFieldAndChangeNothing() {
        long billing = team("Billing");
        long ana = inbox.createAgent("Ana", "ana@example.com");
        String before = databaseFingerprint();

        assertThat(post("/api/v1/teams", "{\"name\":\"  \"}").assertProblem(400).errorFields()).containsExactly("name");
        assertThat(post("/api/v1/teams", "{}").assertProblem(400).errorFields()).containsExactly("name");
        assertThat(post("/api/v1/teams", "{\"name\":\"" + "x".repeat(101) + "\"}").assertProblem(400).errorFields())
                .containsExactly("name");
        assertThat(post("/api/v1/teams", "{\"name\":\"Sales\",\"defaultCapacity\":-1}").assertProblem(400)
                .errorFields()).containsExactly("defaultCapacity");
        post("/api/v1/teams", "{\"name\":\"Sales\",\"strategy\":\"FASTEST\"}").assertProblem(400);
        post("/api/v1/teams", "{\"name\":\"bILLING\"}").assertProblem(409).assertProblemType("team-name-in-use");
        assertThat(patch("/api/v1/teams/" + billing, "{\"name\":null}").assertProblem(400).errorFields())
                .containsExactly("name");
        patch("/api/v1/teams/999999", "{\"name\":\"Sales\"}").assertProblem(404).assertProblemType("team-not-found");
        send(HttpMethod.PUT, "/api/v1/teams/999999/members/" + ana).assertProblem(404)
                .assertProblemType("team-not-found");
        send(HttpMethod.PUT, "/api/v1/teams/" + billing + "/members/999999").assertProblem(404)
                .assertProblemType("agent-not-found");
        send(HttpMethod.DELETE, "/api/v1/teams/999999").assertProblem(404);

        assertThat(databaseFingerprint()).as("refusals change nothing").isEqualTo(before);
    }

    /** Two admins name two teams alike at the same instant: the unique index decides, one 201 and one 409. */
    @Test
    void twoTeamsNamedAlikeAtTheSameInstantMakeOneTeam() throws Exception {
        for (int round = 0; round < 10; round++) {
            String name = "Round " + round;
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Integer>> attempts = new ArrayList<>();
            for (String spelling : List.of(name, name.toUpperCase())) {
                attempts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return post("/api/v1/teams", "{\"name\":\"" + spelling + "\"}").status();
                }));
            }
            assertThat(attempts.stream().map(CompletableFuture::join)).as(name).containsExactlyInAnyOrder(201, 409);
        }
        assertThat(inbox.get("/api/v1/teams").get("items")).hasSize(10);
    }

    private long team(String name) {
        return inbox.post("/api/v1/teams", Map.of("name", name), HttpStatus.CREATED).get("id").asLong();
    }

    private List<Long> memberIds(long teamId) {
        return inbox.get("/api/v1/teams/{id}", teamId).get("members").valueStream().map(m -> m.get("id").asLong())
                .toList();
    }

    /** Sent as it is, refused or not: only the response is held to the served document. */
    private WireResponse post(String path, String json) {
        return WireResponse.send(inbox.invalidRequests().http().post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .body(json));
    }

    private WireResponse patch(String path, String json) {
        return WireResponse.send(inbox.invalidRequests().http().patch().uri(path)
                .contentType(MediaType.valueOf("application/merge-patch+json")).body(json));
    }

    private WireResponse send(HttpMethod method, String path) {
        RestTestClient.RequestBodySpec request = inbox.http().method(method).uri(path);
        return WireResponse.send(request);
    }
}
