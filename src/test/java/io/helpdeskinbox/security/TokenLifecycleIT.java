package io.helpdeskinbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Tokens from issue to revocation, as callers and the database see them. */
class TokenLifecycleIT extends InboxIntegrationTest {

    @Test
    void theDatabaseHoldsOnlyHashesOfTokensNeverTheTokensThemselves() throws Exception {
        String agentToken = inbox.hireAgent("Ana Agent", "ana@example.com").token();
        String apiKey = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED)
                .get("token").asString();

        List<String> rows = jdbc.sql("select t::text from access_token t").query(String.class).list();
        assertThat(rows).hasSize(2);
        for (String token : List.of(agentToken, apiKey)) {
            int secretStart = token.indexOf('_', "ihb_".length()) + 1;
            String secret = token.substring(secretStart);
            assertThat(secret).hasSize(43);
            assertThat(rows).allSatisfy(row -> assertThat(row).doesNotContain(secret));
            long id = Long.parseLong(token.substring("ihb_".length(), secretStart - 1));
            byte[] stored = jdbc.sql("select secret_hash from access_token where id = ?").param(id)
                    .query(byte[].class).single();
            assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aDeactivatedAgentsTokenIsRefusedOnItsVeryNextRequest() {
        var ana = inbox.hireAgent("Ana Agent", "ana@example.com");
        InboxClient asAna = inbox.as(ana.token());
        assertThat(status(asAna, "/api/v1/agents")).isEqualTo(200);

        assertThat(WireResponse.send(inbox.http().delete().uri("/api/v1/agents/{id}", ana.id())).status()).isEqualTo(204);

        WireResponse refused = WireResponse.send(asAna.http().get().uri("/api/v1/agents")).assertProblem(401);
        assertThat(refused.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer error=\"invalid_token\"");
    }

    @Test
    void reissuingAnAgentsTokenRetiresTheEarlierOne() {
        var ana = inbox.hireAgent("Ana Agent", "ana@example.com");
        JsonNode reissued = inbox.post("/api/v1/agents/" + ana.id() + "/token", null, HttpStatus.OK);
        assertThat(reissued.get("agentId").asLong()).isEqualTo(ana.id());

        assertThat(status(inbox.as(ana.token()), "/api/v1/agents")).isEqualTo(401);
        assertThat(status(inbox.as(reissued.get("token").asString()), "/api/v1/agents")).isEqualTo(200);
    }

    @Test
    void aRevokedApiKeyIsRefusedAndNoLongerListed() {
        JsonNode created = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED);
        long keyId = created.get("id").asLong();
        InboxClient asAcme = inbox.as(created.get("token").asString());
        assertThat(status(asAcme, "/api/v1/conversations")).isEqualTo(200);

        JsonNode listed = inbox.get("/api/v1/api-keys").get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asString()).isEqualTo("Acme CRM");
        assertThat(listed.get(0).has("token")).as("a token is shown once, at creation").isFalse();

        assertThat(WireResponse.send(inbox.http().delete().uri("/api/v1/api-keys/{id}", keyId)).status()).isEqualTo(204);

        assertThat(status(asAcme, "/api/v1/conversations")).isEqualTo(401);
        assertThat(inbox.get("/api/v1/api-keys").get("items")).isEmpty();
        WireResponse.send(inbox.http().delete().uri("/api/v1/api-keys/{id}", keyId)).assertProblem(404);
    }

    @Test
    void aRequestWithoutATokenIsAskedForOne() {
        WireResponse refused = WireResponse.send(inbox.anonymous().http().get().uri("/api/v1/conversations"))
                .assertProblem(401).assertProblemType("unauthenticated");
        assertThat(refused.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
    }

    @Test
    void anAgentsMessageIsAttributedToTheCallingAgentAndOnlyTheAssigneeMayWrite() {
        var ana = inbox.hireAgent("Ana Agent", "ana@example.com");
        var ben = inbox.hireAgent("Ben Agent", "ben@example.com");
        long conversation = inbox.startConversation("Cristóbal Villar");
        assertThat(inbox.as(ana.token()).assign(conversation, ana.id()).status()).isEqualTo(200);

        JsonNode written = inbox.as(ana.token()).post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("author", "AGENT", "text", "Hola, soy Ana"), HttpStatus.CREATED);
        assertThat(written.get("agentId").asLong()).isEqualTo(ana.id());

        WireResponse byBen = WireResponse.send(inbox.as(ben.token()).http().post()
                .uri("/api/v1/conversations/{id}/messages", conversation).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("author", "AGENT", "text", "Hola, soy Ben")));
        byBen.assertProblem(409);
        WireResponse impersonating = WireResponse.send(inbox.as(ben.token()).http().post()
                .uri("/api/v1/conversations/{id}/messages", conversation).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("author", "AGENT", "text", "Hola, soy Ana", "agentId", ana.id())));
        assertThat(impersonating.assertProblem(400).errorFields()).containsExactly("agentId");
        assertThat(jdbc.sql("select count(*) from message").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theTimelineNamesTheCallerWhoActed() {
        var ana = inbox.hireAgent("Ana Agent", "ana@example.com");
        String apiKey = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED)
                .get("token").asString();
        long integrationId = Long.parseLong(apiKey.split("_")[1]);
        long conversation = inbox.as(apiKey).startConversation("Cristóbal Villar");
        assertThat(inbox.as(ana.token()).assign(conversation, ana.id()).status()).isEqualTo(200);
        assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);

        JsonNode timeline = inbox.get("/api/v1/conversations/{id}/events", conversation).get("items");
        assertThat(timeline).extracting(event -> event.get("actor").asString())
                .containsExactly("integration:" + integrationId, "agent:" + ana.id(), "admin");
    }

    @Test
    void idempotencyKeysBelongToTheCallerThatSentThem() {
        String acme = inbox.post("/api/v1/api-keys", Map.of("name", "Acme"), HttpStatus.CREATED).get("token").asString();
        String globex = inbox.post("/api/v1/api-keys", Map.of("name", "Globex"), HttpStatus.CREATED).get("token").asString();
        Map<String, Object> body = Map.of("visitor", Map.of("name", "Cristóbal Villar"));

        long byAcme = create(inbox.as(acme), "order-1", body);
        long byGlobex = create(inbox.as(globex), "order-1", body);
        long acmeRetry = create(inbox.as(acme), "order-1", body);

        assertThat(byGlobex).isNotEqualTo(byAcme);
        assertThat(acmeRetry).isEqualTo(byAcme);
        assertThat(jdbc.sql("select count(*) from conversation").query(Long.class).single()).isEqualTo(2);
    }

    private static long create(InboxClient client, String idempotencyKey, Map<String, Object> body) {
        WireResponse response = WireResponse.send(client.http().post().uri("/api/v1/conversations")
                .header("Idempotency-Key", idempotencyKey).contentType(MediaType.APPLICATION_JSON).body(body));
        assertThat(response.status()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private static int status(InboxClient client, String path) {
        return WireResponse.send(client.http().get().uri(path)).status();
    }
}
