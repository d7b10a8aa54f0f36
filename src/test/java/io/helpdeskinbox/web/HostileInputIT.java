package io.helpdeskinbox.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and hostile input thrown at every endpoint: each request is refused with the right 4xx
 * as a problem document that reveals nothing of the server's insides, and the whole barrage leaves
 * the inbox exactly as it was.
 */
class HostileInputIT extends InboxIntegrationTest {

    private static final String SQL = "'; drop table agent; --";
    private static final String SQL_JSON = "\"" + SQL + "\"";
    /** Past Long.MAX_VALUE. */
    private static final String OVERFLOW = "99999999999999999999";
    /** Past the 1 MiB body limit once wrapped in JSON: 413. */
    private static final String MEGABYTE = "x".repeat(1 << 20);
    /** Longer than any text field may be, yet short enough to fit in a request line. */
    private static final String LONG_QUERY_VALUE = "c".repeat(6000);
    private static final String NESTED_TOO_DEEP = "{\"visitor\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    private static final String TWO_THOUSAND_DIGITS = "9".repeat(2000);
    private static final long UNKNOWN_ID = 4242;
    private static final MediaType MERGE_PATCH = MediaType.valueOf("application/merge-patch+json");

    /** The dataset the table runs against: agents in every state, a conversation in each folder. */
    private record Dataset(long ana, long ben, long gus, long unassigned, long assigned, long archived) {
    }

    @TestFactory
    Stream<DynamicTest> hostileRequestsAreRefusedWithAProblemAndLeaveTheInboxUnchanged() {
        Dataset data = createDataset();
        // every row of every table the API writes: messages, timeline, idempotency keys and the outbox too
        String before = databaseFingerprint();
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();

        Stream<DynamicTest> table = attacks(data).stream()
                .map(attack -> dynamicTest(attack.toString(), attack::assertAnsweredAsExpected));
        DynamicTest unchanged = dynamicTest("afterwards every row of the inbox is as it was", () -> {
            assertThat(databaseFingerprint()).isEqualTo(before);
            assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
        });
        return Stream.concat(table, Stream.of(unchanged));
    }

    /**
     * SQL metacharacters inside otherwise valid text are just text: the resources are created and
     * read back verbatim, and every table is still there.
     */
    @Test
    void sqlMetacharactersInValidTextAreStoredVerbatimAndHarmNothing() {
        String quoteName = "O'Brien \"Bobby\" " + SQL;
        JsonNode agent = inbox.post("/api/v1/agents",
                Map.of("name", quoteName, "email", "o'brien@example.com"), HttpStatus.CREATED);
        long agentId = agent.get("id").asLong();
        assertThat(agent.get("name").asString()).isEqualTo(quoteName);

        String renamed = "Robert'); delete from conversation where ('1'='1";
        WireResponse patched = WireResponse.send(inbox.http().patch().uri("/api/v1/agents/{id}", agentId)
                .contentType(MERGE_PATCH).body(Map.of("name", renamed)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        String subject = "\"; truncate conversation cascade; --";
        String firstMessage = "' or '1'='1";
        JsonNode conversation = inbox.post("/api/v1/conversations", Map.of(
                "visitor", Map.of("name", SQL, "externalId", "1; drop table message"),
                "channel", "web'--", "subject", subject, "message", firstMessage), HttpStatus.CREATED);
        long conversationId = conversation.get("id").asLong();
        assertThat(inbox.assign(conversationId, agentId).status()).isEqualTo(200);
        String reply = "Re: %s' union select * from agent --".formatted(SQL);
        inbox.post("/api/v1/conversations/" + conversationId + "/messages",
                Map.of("author", "AGENT", "text", reply, "agentId", agentId), HttpStatus.CREATED);

        JsonNode storedAgent = inbox.get("/api/v1/agents/{id}", agentId);
        assertThat(storedAgent.get("name").asString()).isEqualTo(renamed);
        assertThat(storedAgent.get("email").asString()).isEqualTo("o'brien@example.com");
        JsonNode stored = inbox.get("/api/v1/conversations/{id}", conversationId);
        assertThat(stored.get("visitor").get("name").asString()).isEqualTo(SQL);
        assertThat(stored.get("visitor").get("externalId").asString()).isEqualTo("1; drop table message");
        assertThat(stored.get("channel").asString()).isEqualTo("web'--");
        assertThat(stored.get("subject").asString()).isEqualTo(subject);
        assertThat(stored.get("assignee").get("name").asString()).isEqualTo(renamed);
        List<String> texts = inbox.get("/api/v1/conversations/{id}/messages", conversationId).get("items")
                .valueStream().map(message -> message.get("text").asString()).toList();
        assertThat(texts).containsExactly(firstMessage, reply);

        assertThat(inbox.get("/api/v1/agents?includeInactive=true").get("items")).hasSize(1);
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).isTrue();
        assertThat(report.get("folderCounts").get("assigned").asLong()).isEqualTo(1);
    }

    /**
     * Tomcat refuses an encoded NUL in the path itself, before Spring MVC runs; the refusal must
     * still be a problem document like every other error.
     */
    @Test
    void aNulCharacterInAPathIsRefusedWithAProblemDocument() {
        for (String path : List.of("/api/v1/conversations/{id}", "/api/v1/agents/{id}")) {
            WireResponse response = WireResponse.send(inbox.invalidRequests().http().get().uri(path, "\u0000"));

            response.assertProblem(400).assertRevealsNoInternals();
        }
    }

    private Dataset createDataset() {
        long ana = inbox.post("/api/v1/agents",
                Map.of("name", "Ana Ruiz", "email", "ana@example.com", "capacity", 5), HttpStatus.CREATED).get("id").asLong();
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        long gus = inbox.createAgent("Gus Leftwell", "gus@example.com");
        setAvailability(ben, "BUSY");
        assertThat(WireResponse.send(inbox.http().delete().uri("/api/v1/agents/{id}", gus)).status()).isEqualTo(204);

        var waiting = WireResponse.send(inbox.http().post().uri("/api/v1/conversations")
                .header("Idempotency-Key", "hostile-dataset-1").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("visitor", Map.of("name", "Iker", "email", "iker@example.com"),
                        "subject", "Refund", "message", "Hola", "waitingForAgent", true)));
        assertThat(waiting.status()).isEqualTo(201);
        long unassigned = waiting.json().get("id").asLong();
        long assigned = inbox.startConversation("Maite");
        assertThat(inbox.assign(assigned, ana).status()).isEqualTo(200);
        long archived = inbox.startConversation("Nerea");
        assertThat(inbox.assign(archived, ben).status()).isEqualTo(200);
        assertThat(inbox.action(archived, "archive", null).status()).isEqualTo(200);
        return new Dataset(ana, ben, gus, unassigned, assigned, archived);
    }

    private void setAvailability(long agentId, String availability) {
        var response = WireResponse.send(inbox.http().put().uri("/api/v1/agents/{id}/availability", agentId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", availability)));
        assertThat(response.status()).isEqualTo(200);
    }

    private List<Attack> attacks(Dataset d) {
        List<Attack> table = new ArrayList<>();
        String anyConversation = "/api/v1/conversations/{id}";

        // POST /api/v1/agents
        table.addAll(malformedBodies(HttpMethod.POST, "/api/v1/agents", MediaType.APPLICATION_JSON));
        table.addAll(List.of(
                attack("no fields", HttpMethod.POST, "/api/v1/agents").json("{}").refusedWith(400),
                attack("name as a number", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": 5, \"email\": \"eve@example.com\"}").refusedWith(400),
                attack("email as a boolean", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": true}").refusedWith(400),
                attack("capacity as a string", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"eve@example.com\", \"capacity\": \"3\"}").refusedWith(400),
                attack("capacity as a float", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"eve@example.com\", \"capacity\": 1.5}").refusedWith(400),
                attack("negative capacity", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"eve@example.com\", \"capacity\": -1}").refusedWith(400),
                attack("capacity past Long", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"eve@example.com\", \"capacity\": " + OVERFLOW + "}")
                        .refusedWith(400),
                attack("capacity of 2000 digits", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"eve@example.com\", \"capacity\": " + TWO_THOUSAND_DIGITS + "}")
                        .refusedWith(400),
                attack("blank name", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"   \", \"email\": \"eve@example.com\"}").refusedWith(400),
                attack("1 MB name", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"" + MEGABYTE + "\", \"email\": \"eve@example.com\"}").refusedWith(413),
                attack("escaped NUL in name", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\\u0000\", \"email\": \"eve@example.com\"}").refusedWith(400),
                attack("raw NUL in name", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\u0000\", \"email\": \"eve@example.com\"}").refusedWith(400),
                attack("escaped NUL in email", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"eve\\u0000@example.com\"}").refusedWith(400),
                attack("email that is not one", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"not-an-email\"}").refusedWith(400),
                attack("SQL as email", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": " + SQL_JSON + "}").refusedWith(400),
                attack("1 MB email", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Eve\", \"email\": \"" + MEGABYTE + "@example.com\"}").refusedWith(413),
                attack("email of an active agent", HttpMethod.POST, "/api/v1/agents")
                        .json("{\"name\": \"Ana Bis\", \"email\": \"ANA@example.com\"}").refusedWith(409)));

        // GET /api/v1/agents
        table.addAll(List.of(
                attack("unknown availability", HttpMethod.GET, "/api/v1/agents?availability={a}", "AWAY").refusedWith(400),
                attack("SQL as availability", HttpMethod.GET, "/api/v1/agents?availability={a}", SQL).refusedWith(400),
                // Spring trims control characters off enum parameters, so a lone NUL reads as absent
                attack("NUL as availability, read as absent", HttpMethod.GET, "/api/v1/agents?availability={a}", "\u0000")
                        .answeredWith(200),
                attack("includeInactive not a boolean", HttpMethod.GET, "/api/v1/agents?includeInactive={i}", "maybe")
                        .refusedWith(400),
                attack("SQL as includeInactive", HttpMethod.GET, "/api/v1/agents?includeInactive={i}", SQL)
                        .refusedWith(400)));

        // GET, PATCH, PUT availability and DELETE /api/v1/agents/{id}
        table.addAll(badIds(HttpMethod.GET, "/api/v1/agents/{id}", null, null, 404));
        table.addAll(badIds(HttpMethod.PATCH, "/api/v1/agents/{id}", MERGE_PATCH, "{\"name\": \"Eve\"}", 404));
        table.addAll(badIds(HttpMethod.PUT, "/api/v1/agents/{id}/availability", MediaType.APPLICATION_JSON,
                "{\"availability\": \"ONLINE\"}", 404));
        table.addAll(badIds(HttpMethod.DELETE, "/api/v1/agents/{id}", null, null, 404));

        table.addAll(malformedBodies(HttpMethod.PATCH, "/api/v1/agents/" + d.ana(), MERGE_PATCH));
        table.addAll(List.of(
                attack("negative capacity", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"capacity\": -1}").refusedWith(400),
                attack("capacity as a string", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"capacity\": \"5\"}").refusedWith(400),
                attack("capacity as a float", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"capacity\": 2.5}").refusedWith(400),
                attack("capacity as a boolean", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"capacity\": false}").refusedWith(400),
                attack("capacity past Long", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"capacity\": " + OVERFLOW + "}").refusedWith(400),
                attack("null name", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"name\": null}").refusedWith(400),
                attack("null email", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"email\": null}").refusedWith(400),
                attack("empty name", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"name\": \"\"}").refusedWith(400),
                attack("1 MB name", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"name\": \"" + MEGABYTE + "\"}").refusedWith(413),
                attack("escaped NUL in name", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"name\": \"A\\u0000na\"}").refusedWith(400),
                attack("SQL as email", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"email\": " + SQL_JSON + "}").refusedWith(400),
                attack("name as an array", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"name\": [\"Ana\"]}").refusedWith(400),
                attack("email of another active agent", HttpMethod.PATCH, "/api/v1/agents/{id}", d.ana())
                        .body(MERGE_PATCH, "{\"email\": \"ben@example.com\"}").refusedWith(409),
                attack("on a deactivated agent", HttpMethod.PATCH, "/api/v1/agents/{id}", d.gus())
                        .body(MERGE_PATCH, "{\"name\": \"Gus Again\"}").refusedWith(409)));

        table.addAll(malformedBodies(HttpMethod.PUT, "/api/v1/agents/" + d.ana() + "/availability",
                MediaType.APPLICATION_JSON));
        String availability = "/api/v1/agents/{id}/availability";
        table.addAll(List.of(
                attack("no availability", HttpMethod.PUT, availability, d.ana()).json("{}").refusedWith(400),
                attack("unknown availability", HttpMethod.PUT, availability, d.ana())
                        .json("{\"availability\": \"AWAY\"}").refusedWith(400),
                attack("SQL as availability", HttpMethod.PUT, availability, d.ana())
                        .json("{\"availability\": " + SQL_JSON + "}").refusedWith(400),
                attack("NUL inside availability", HttpMethod.PUT, availability, d.ana())
                        .json("{\"availability\": \"OFF\\u0000LINE\"}").refusedWith(400),
                attack("null availability", HttpMethod.PUT, availability, d.ana())
                        .json("{\"availability\": null}").refusedWith(400),
                attack("availability as an ordinal", HttpMethod.PUT, availability, d.ana())
                        .json("{\"availability\": 0}").refusedWith(400),
                attack("availability as an array", HttpMethod.PUT, availability, d.ana())
                        .json("{\"availability\": [\"OFFLINE\"]}").refusedWith(400),
                attack("of a deactivated agent", HttpMethod.PUT, availability, d.gus())
                        .json("{\"availability\": \"ONLINE\"}").refusedWith(409)));

        // POST /api/v1/conversations
        table.addAll(malformedBodies(HttpMethod.POST, "/api/v1/conversations", MediaType.APPLICATION_JSON));
        String conversations = "/api/v1/conversations";
        table.addAll(List.of(
                attack("no visitor", HttpMethod.POST, conversations).json("{}").refusedWith(400),
                attack("visitor as a string", HttpMethod.POST, conversations).json("{\"visitor\": \"Iker\"}")
                        .refusedWith(400),
                attack("visitor without a name", HttpMethod.POST, conversations).json("{\"visitor\": {}}")
                        .refusedWith(400),
                attack("visitor name as a number", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": 7}}").refusedWith(400),
                attack("visitor email that is not one", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"Iker\", \"email\": " + SQL_JSON + "}}").refusedWith(400),
                attack("1 MB visitor name", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"" + MEGABYTE + "\"}}").refusedWith(413),
                attack("1 MB first message", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"Iker\"}, \"message\": \"" + MEGABYTE + "\"}").refusedWith(413),
                attack("escaped NUL in subject", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"Iker\"}, \"subject\": \"Re\\u0000fund\"}").refusedWith(400),
                attack("escaped NUL in external id", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"Iker\", \"externalId\": \"\\u0000\"}}").refusedWith(400),
                attack("channel longer than 50", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"Iker\"}, \"channel\": \"" + "w".repeat(51) + "\"}").refusedWith(400),
                attack("waitingForAgent as a string", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"Iker\"}, \"waitingForAgent\": \"yes\"}").refusedWith(400),
                attack("waitingForAgent as a number", HttpMethod.POST, conversations)
                        .json("{\"visitor\": {\"name\": \"Iker\"}, \"waitingForAgent\": 1}").refusedWith(400),
                attack("visitor nested 100000 deep", HttpMethod.POST, conversations).json(NESTED_TOO_DEEP)
                        .refusedWith(400),
                attack("a 5000-deep array", HttpMethod.POST, conversations)
                        .json("[".repeat(5000) + "]".repeat(5000)).refusedWith(400),
                attack("Idempotency-Key with a space", HttpMethod.POST, conversations)
                        .header("Idempotency-Key", "two words").json("{\"visitor\": {\"name\": \"Iker\"}}")
                        .refusedWith(400),
                attack("Idempotency-Key of 201 characters", HttpMethod.POST, conversations)
                        .header("Idempotency-Key", "k".repeat(201)).json("{\"visitor\": {\"name\": \"Iker\"}}")
                        .refusedWith(400),
                attack("SQL as Idempotency-Key", HttpMethod.POST, conversations)
                        .header("Idempotency-Key", SQL).json("{\"visitor\": {\"name\": \"Iker\"}}").refusedWith(400),
                attack("Idempotency-Key reused with another body", HttpMethod.POST, conversations)
                        .header("Idempotency-Key", "hostile-dataset-1").json("{\"visitor\": {\"name\": \"Eve\"}}")
                        .refusedWith(422)));

        // GET /api/v1/conversations and /counts
        String list = "/api/v1/conversations?{name}={value}";
        table.addAll(List.of(
                attack("unknown folder", HttpMethod.GET, list, "folder", "spam").refusedWith(400),
                attack("SQL as folder", HttpMethod.GET, list, "folder", SQL).refusedWith(400),
                attack("NUL as folder, read as absent", HttpMethod.GET, list, "folder", "\u0000").answeredWith(200),
                attack("assigneeId not a number", HttpMethod.GET, list, "assigneeId", "ana").refusedWith(400),
                attack("SQL as assigneeId", HttpMethod.GET, list, "assigneeId", "1 or 1=1").refusedWith(400),
                attack("assigneeId past Long", HttpMethod.GET, list, "assigneeId", OVERFLOW).refusedWith(400),
                attack("assigneeId as a float", HttpMethod.GET, list, "assigneeId", "1.5").refusedWith(400),
                attack("waitingForAgent not a boolean", HttpMethod.GET, list, "waitingForAgent", "maybe").refusedWith(400),
                attack("SQL as waitingForAgent", HttpMethod.GET, list, "waitingForAgent", SQL).refusedWith(400),
                attack("counts for assigneeId not a number", HttpMethod.GET, "/api/v1/conversations/counts?assigneeId={a}",
                        SQL).refusedWith(400),
                attack("counts for assigneeId past Long", HttpMethod.GET, "/api/v1/conversations/counts?assigneeId={a}",
                        OVERFLOW).refusedWith(400)));
        table.addAll(badPageParameters("/api/v1/conversations", "conversations:ALL"));
        table.addAll(List.of(
                attack("cursor of another folder", HttpMethod.GET, "/api/v1/conversations?folder=all&cursor={c}",
                        cursor("conversations:UNASSIGNED|waitingSince=2026-01-01T00:00:00Z|id=1")).refusedWith(400),
                attack("cursor with a time PostgreSQL cannot hold", HttpMethod.GET, "/api/v1/conversations?cursor={c}",
                        cursor("conversations:ALL|updatedAt=+1000000000-12-31T23:59:59Z|id=1")).refusedWith(400),
                attack("cursor naming one key twice", HttpMethod.GET, "/api/v1/conversations?cursor={c}",
                        cursor("conversations:ALL|id=1|id=2")).refusedWith(400)));

        // GET /api/v1/conversations/{id}, its messages and its timeline
        table.addAll(badIds(HttpMethod.GET, anyConversation, null, null, 404));
        table.addAll(badIds(HttpMethod.GET, anyConversation + "/messages", null, null, 404));
        table.addAll(badIds(HttpMethod.GET, anyConversation + "/events", null, null, 404));
        table.addAll(badPageParameters("/api/v1/conversations/" + d.unassigned() + "/messages", "messages:" + d.unassigned()));
        table.addAll(badPageParameters("/api/v1/conversations/" + d.unassigned() + "/events", "events:" + d.unassigned()));
        table.add(attack("cursor of another conversation's messages", HttpMethod.GET,
                "/api/v1/conversations/{id}/messages?cursor={c}", d.unassigned(), cursor("messages:" + d.assigned() + "|id=1"))
                .refusedWith(400));

        // assign and transfer
        for (String action : List.of("assign", "transfer")) {
            long target = action.equals("assign") ? d.unassigned() : d.assigned();
            String path = "/api/v1/conversations/" + target + "/" + action;
            table.addAll(malformedBodies(HttpMethod.POST, path, MediaType.APPLICATION_JSON));
            table.addAll(badIds(HttpMethod.POST, "/api/v1/conversations/{id}/" + action, MediaType.APPLICATION_JSON,
                    "{\"agentId\": " + d.ben() + "}", 404));
            table.addAll(List.of(
                    attack("no agentId", HttpMethod.POST, path).json("{}").refusedWith(400),
                    attack("null agentId", HttpMethod.POST, path).json("{\"agentId\": null}").refusedWith(400),
                    attack("agentId as a string", HttpMethod.POST, path).json("{\"agentId\": \"" + d.ben() + "\"}")
                            .refusedWith(400),
                    attack("agentId as a float", HttpMethod.POST, path).json("{\"agentId\": " + d.ben() + ".5}")
                            .refusedWith(400),
                    attack("agentId as a boolean", HttpMethod.POST, path).json("{\"agentId\": true}").refusedWith(400),
                    attack("agentId zero", HttpMethod.POST, path).json("{\"agentId\": 0}").refusedWith(400),
                    attack("negative agentId", HttpMethod.POST, path).json("{\"agentId\": -" + d.ben() + "}")
                            .refusedWith(400),
                    attack("agentId past Long", HttpMethod.POST, path).json("{\"agentId\": " + OVERFLOW + "}")
                            .refusedWith(400),
                    attack("agentId of 2000 digits", HttpMethod.POST, path)
                            .json("{\"agentId\": " + TWO_THOUSAND_DIGITS + "}").refusedWith(400),
                    attack("SQL as agentId", HttpMethod.POST, path).json("{\"agentId\": " + SQL_JSON + "}")
                            .refusedWith(400),
                    attack("unknown agentId", HttpMethod.POST, path).json("{\"agentId\": " + UNKNOWN_ID + "}")
                            .refusedWith(422),
                    attack("deactivated agentId", HttpMethod.POST, path).json("{\"agentId\": " + d.gus() + "}")
                            .refusedWith(422),
                    attack("stale If-Match", HttpMethod.POST, path).header(HttpHeaders.IF_MATCH, "W/\"999\"")
                            .json("{\"agentId\": " + d.ben() + "}").refusedWith(412),
                    attack("junk If-Match", HttpMethod.POST, path).header(HttpHeaders.IF_MATCH, SQL)
                            .json("{\"agentId\": " + d.ben() + "}").refusedWith(412),
                    attack("on an archived conversation", HttpMethod.POST, "/api/v1/conversations/{id}/" + action,
                            d.archived()).json("{\"agentId\": " + d.ben() + "}").refusedWith(409)));
        }
        table.add(attack("a conversation held by another agent", HttpMethod.POST, "/api/v1/conversations/{id}/assign",
                d.assigned()).json("{\"agentId\": " + d.ben() + "}").refusedWith(409));
        table.add(attack("an unassigned conversation", HttpMethod.POST, "/api/v1/conversations/{id}/transfer",
                d.unassigned()).json("{\"agentId\": " + d.ben() + "}").refusedWith(409));

        // the actions without a body
        for (String action : List.of("unassign", "archive", "reopen", "handoff")) {
            table.addAll(badIds(HttpMethod.POST, "/api/v1/conversations/{id}/" + action, null, null, 404));
            long target = action.equals("reopen") ? d.archived() : d.assigned();
            table.add(attack("stale If-Match", HttpMethod.POST, "/api/v1/conversations/{id}/" + action, target)
                    .header(HttpHeaders.IF_MATCH, "W/\"" + 999 + "\", \"998\"").refusedWith(412));
            table.add(attack("junk If-Match", HttpMethod.POST, "/api/v1/conversations/{id}/" + action, target)
                    .header(HttpHeaders.IF_MATCH, "W/" + SQL).refusedWith(412));
        }
        table.add(attack("an archived conversation", HttpMethod.POST, "/api/v1/conversations/{id}/unassign",
                d.archived()).refusedWith(409));
        table.add(attack("an archived conversation", HttpMethod.POST, "/api/v1/conversations/{id}/handoff",
                d.archived()).refusedWith(409));

        // POST /api/v1/conversations/{id}/messages
        String messages = "/api/v1/conversations/" + d.assigned() + "/messages";
        table.addAll(malformedBodies(HttpMethod.POST, messages, MediaType.APPLICATION_JSON));
        table.addAll(badIds(HttpMethod.POST, anyConversation + "/messages", MediaType.APPLICATION_JSON,
                "{\"author\": \"BOT\", \"text\": \"Hello\"}", 404));
        table.addAll(List.of(
                attack("unknown author", HttpMethod.POST, messages).json("{\"author\": \"HACKER\", \"text\": \"hi\"}")
                        .refusedWith(400),
                attack("SQL as author", HttpMethod.POST, messages).json("{\"author\": " + SQL_JSON + ", \"text\": \"hi\"}")
                        .refusedWith(400),
                attack("author as an ordinal", HttpMethod.POST, messages).json("{\"author\": 0, \"text\": \"hi\"}")
                        .refusedWith(400),
                attack("no author", HttpMethod.POST, messages).json("{\"text\": \"hi\"}").refusedWith(400),
                attack("no text", HttpMethod.POST, messages).json("{\"author\": \"VISITOR\"}").refusedWith(400),
                attack("empty text", HttpMethod.POST, messages).json("{\"author\": \"VISITOR\", \"text\": \"\"}")
                        .refusedWith(400),
                attack("text as a number", HttpMethod.POST, messages).json("{\"author\": \"VISITOR\", \"text\": 5}")
                        .refusedWith(400),
                attack("1 MB text", HttpMethod.POST, messages)
                        .json("{\"author\": \"VISITOR\", \"text\": \"" + MEGABYTE + "\"}").refusedWith(413),
                attack("escaped NUL in text", HttpMethod.POST, messages)
                        .json("{\"author\": \"VISITOR\", \"text\": \"hi\\u0000there\"}").refusedWith(400),
                attack("AGENT without agentId", HttpMethod.POST, messages)
                        .json("{\"author\": \"AGENT\", \"text\": \"hi\"}").refusedWith(400),
                attack("VISITOR with an agentId", HttpMethod.POST, messages)
                        .json("{\"author\": \"VISITOR\", \"text\": \"hi\", \"agentId\": " + d.ana() + "}").refusedWith(400),
                attack("agentId as a string", HttpMethod.POST, messages)
                        .json("{\"author\": \"AGENT\", \"text\": \"hi\", \"agentId\": \"" + d.ana() + "\"}").refusedWith(400),
                attack("agentId zero", HttpMethod.POST, messages)
                        .json("{\"author\": \"AGENT\", \"text\": \"hi\", \"agentId\": 0}").refusedWith(400),
                attack("agentId past Long", HttpMethod.POST, messages)
                        .json("{\"author\": \"AGENT\", \"text\": \"hi\", \"agentId\": " + OVERFLOW + "}").refusedWith(400),
                attack("AGENT who is not the assignee", HttpMethod.POST, messages)
                        .json("{\"author\": \"AGENT\", \"text\": \"hi\", \"agentId\": " + d.ben() + "}").refusedWith(409),
                attack("AGENT who does not exist", HttpMethod.POST, messages)
                        .json("{\"author\": \"AGENT\", \"text\": \"hi\", \"agentId\": " + UNKNOWN_ID + "}").refusedWith(422),
                attack("AGENT who is deactivated", HttpMethod.POST, messages)
                        .json("{\"author\": \"AGENT\", \"text\": \"hi\", \"agentId\": " + d.gus() + "}").refusedWith(422)));

        // PUT /api/v1/settings/assignment
        String settings = "/api/v1/settings/assignment";
        String validSettings = "\"autoAssignment\": true, \"strategy\": \"BALANCED\", \"reopenPolicy\": \"QUEUE\"";
        table.addAll(malformedBodies(HttpMethod.PUT, settings, MediaType.APPLICATION_JSON));
        table.addAll(List.of(
                attack("empty settings", HttpMethod.PUT, settings).json("{}").refusedWith(400),
                attack("unknown strategy", HttpMethod.PUT, settings)
                        .json("{\"autoAssignment\": true, \"strategy\": \"RANDOM\", \"reopenPolicy\": \"QUEUE\"}").refusedWith(400),
                attack("SQL as strategy", HttpMethod.PUT, settings)
                        .json("{\"autoAssignment\": true, \"strategy\": " + SQL_JSON + ", \"reopenPolicy\": \"QUEUE\"}")
                        .refusedWith(400),
                attack("unknown reopen policy", HttpMethod.PUT, settings)
                        .json("{\"autoAssignment\": true, \"strategy\": \"BALANCED\", \"reopenPolicy\": \"NEVER\"}")
                        .refusedWith(400),
                attack("autoAssignment as a string", HttpMethod.PUT, settings)
                        .json("{\"autoAssignment\": \"true\", \"strategy\": \"BALANCED\", \"reopenPolicy\": \"QUEUE\"}")
                        .refusedWith(400),
                attack("negative default capacity", HttpMethod.PUT, settings)
                        .json("{" + validSettings + ", \"defaultCapacity\": -1}").refusedWith(400),
                attack("default capacity past int", HttpMethod.PUT, settings)
                        .json("{" + validSettings + ", \"defaultCapacity\": " + OVERFLOW + "}").refusedWith(400),
                attack("fractional default capacity", HttpMethod.PUT, settings)
                        .json("{" + validSettings + ", \"defaultCapacity\": 1.5}").refusedWith(400)));

        // POST /api/v1/api-keys, DELETE /api/v1/api-keys/{id}
        table.addAll(malformedBodies(HttpMethod.POST, "/api/v1/api-keys", MediaType.APPLICATION_JSON));
        table.addAll(List.of(
                attack("no name", HttpMethod.POST, "/api/v1/api-keys").json("{}").refusedWith(400),
                attack("blank name", HttpMethod.POST, "/api/v1/api-keys").json("{\"name\": \"  \"}").refusedWith(400),
                attack("1 MB name", HttpMethod.POST, "/api/v1/api-keys").json("{\"name\": \"" + MEGABYTE + "\"}")
                        .refusedWith(413)));
        table.addAll(badIds(HttpMethod.DELETE, "/api/v1/api-keys/{id}", null, null, 404));

        // GET /api/v1/admin/consistency ignores what it does not know, like every list
        String consistency = "/api/v1/admin/consistency";
        table.addAll(List.of(
                attack("junk query parameters", HttpMethod.GET, consistency + "?limit={l}&agentId={a}&{sql}={sql}",
                        "abc", OVERFLOW, SQL, SQL).answeredWith(200),
                attack("NUL query parameter", HttpMethod.GET, consistency + "?repair={r}", "\u0000").answeredWith(200),
                attack("a body on a read", HttpMethod.POST, consistency).json("{\"repair\": true}").refusedWith(405),
                attack("delete", HttpMethod.DELETE, consistency).refusedWith(405)));

        // the HTTP plumbing around all of them
        table.addAll(List.of(
                attack("unsupported method", HttpMethod.PUT, anyConversation, d.unassigned())
                        .json("{\"status\": \"ARCHIVED\"}").refusedWith(405),
                attack("unsupported method", HttpMethod.DELETE, anyConversation, d.unassigned()).refusedWith(405),
                attack("unsupported method", HttpMethod.POST, "/api/v1/agents/{id}", d.ana())
                        .json("{\"name\": \"Eve\"}").refusedWith(405),
                attack("unknown action", HttpMethod.POST, anyConversation + "/steal", d.assigned())
                        .json("{\"agentId\": " + d.ben() + "}").refusedWith(404),
                attack("XML only accepted", HttpMethod.GET, "/api/v1/agents/{id}", d.ana())
                        .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_XML_VALUE).refusedWith(406)));
        return table;
    }

    /** The body shapes no JSON endpoint may accept, for one endpoint. */
    private List<Attack> malformedBodies(HttpMethod method, String path, MediaType contentType) {
        return List.of(
                attack("not JSON", method, path).body(contentType, "{bad").refusedWith(400),
                attack("truncated JSON", method, path).body(contentType, "{\"name\": \"Eve\", \"agentId\": 1").refusedWith(400),
                attack("a JSON array", method, path).body(contentType, "[{\"agentId\": 1}]").refusedWith(400),
                attack("a JSON string", method, path).body(contentType, "\"ONLINE\"").refusedWith(400),
                attack("a JSON number", method, path).body(contentType, "42").refusedWith(400),
                attack("JSON null", method, path).body(contentType, "null").refusedWith(400),
                attack("an empty body", method, path).body(contentType, "").refusedWith(400),
                attack("invalid UTF-8", method, path).body(contentType, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})
                        .refusedWith(400),
                attack("nested 100000 deep", method, path).body(contentType, "[".repeat(100_000)).refusedWith(400),
                attack("JSON as text/plain", method, path).body(MediaType.TEXT_PLAIN, "{\"name\": \"Eve\"}").refusedWith(415),
                attack("JSON as form data", method, path)
                        .body(MediaType.APPLICATION_FORM_URLENCODED, "name=Eve&email=eve%40example.com").refusedWith(415),
                attack("bytes without a JSON Content-Type", method, path).body(null, "{\"name\": \"Eve\"}".getBytes(StandardCharsets.UTF_8))
                        .refusedWith(415));
    }

    /** Ids that are not ids, in the path of one endpoint; a well-formed id that names nothing is a 404. */
    private List<Attack> badIds(HttpMethod method, String template, MediaType contentType, String body, int unknown) {
        List<Attack> attacks = new ArrayList<>();
        // NUL in a path is refused by Tomcat before the application sees it: see aNulCharacterInAPathIsRefusedWithAProblemDocument
        for (String id : List.of("abc", OVERFLOW, "1.5", "1e3", SQL, " ", "%00")) {
            attacks.add(attack("id " + printable(id), method, template, id).body(contentType, body).refusedWith(400));
        }
        for (String id : List.of("0", "-1", String.valueOf(UNKNOWN_ID), String.valueOf(Long.MAX_VALUE))) {
            attacks.add(attack("id " + id, method, template, id).body(contentType, body).refusedWith(unknown));
        }
        return attacks;
    }

    /** Limits outside 1..100 and cursors this list never issued. */
    private List<Attack> badPageParameters(String path, String scope) {
        List<Attack> attacks = new ArrayList<>();
        for (String limit : List.of("0", "101", "-1", "abc", "1.5", OVERFLOW, SQL, "\u0000")) {
            attacks.add(attack("limit " + printable(limit), HttpMethod.GET, path + "?limit={l}", limit).refusedWith(400));
        }
        for (String cursor : List.of("junk", SQL, "\u0000", "%%%", LONG_QUERY_VALUE, cursor(scope + "|id=abc"),
                cursor(scope), cursor("x|id=1"))) {
            attacks.add(attack("cursor " + printable(cursor), HttpMethod.GET, path + "?cursor={c}", cursor).refusedWith(400));
        }
        return attacks;
    }

    private static String cursor(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static String printable(String value) {
        String shown = value.replace("\u0000", "\\u0000");
        return shown.length() <= 40 ? "'" + shown + "'" : "of " + shown.length() + " characters";
    }

    private Attack attack(String description, HttpMethod method, String uriTemplate, Object... uriVariables) {
        return new Attack(description, method, uriTemplate, uriVariables);
    }

    /** One hostile request and what the inbox must answer. */
    private final class Attack {

        private final String description;
        private final HttpMethod method;
        private final String uriTemplate;
        private final Object[] uriVariables;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private MediaType contentType;
        private Object body;
        private int expectedStatus;

        Attack(String description, HttpMethod method, String uriTemplate, Object[] uriVariables) {
            this.description = description;
            this.method = method;
            this.uriTemplate = uriTemplate;
            this.uriVariables = uriVariables;
        }

        Attack json(String json) {
            return body(MediaType.APPLICATION_JSON, json);
        }

        Attack body(MediaType contentType, Object body) {
            this.contentType = contentType;
            this.body = body;
            return this;
        }

        Attack header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Attack refusedWith(int status) {
            this.expectedStatus = status;
            return this;
        }

        /** For the few requests whose junk is ignored rather than refused. */
        Attack answeredWith(int status) {
            return refusedWith(status);
        }

        void assertAnsweredAsExpected() {
            // hostile on purpose: the document is asked only whether the refusal is one it describes
            RestTestClient.RequestBodySpec request = inbox.invalidRequests().http().method(method)
                    .uri(uriTemplate, uriVariables);
            headers.forEach(request::header);
            if (contentType != null) {
                request.contentType(contentType);
            }
            WireResponse response = WireResponse.send(body == null ? request : request.body(body)).describedAs(toString());
            assertThat(response.status()).as("%s answered %s", this, response.body()).isLessThan(500);
            response.assertRevealsNoInternals();
            if (expectedStatus >= 400) {
                response.assertProblem(expectedStatus);
            } else {
                assertThat(response.status()).as("%s answered %s", this, response.body()).isEqualTo(expectedStatus);
                assertThat(response.json()).as("%s answered %s", this, response.body()).isNotNull();
            }
        }

        @Override
        public String toString() {
            return method + " " + uriTemplate.replaceAll("\\?.*", "") + ": " + description + " -> " + expectedStatus;
        }
    }
}
