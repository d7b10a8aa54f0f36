package io.helpdeskinbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The contract's security matrix, walked exhaustively: every endpoint as every kind of caller.
 * Each case starts from the same fresh inbox; a refused call must leave every table as it was.
 */
class RoleMatrixIT extends InboxIntegrationTest {

    enum Caller { NO_TOKEN, BAD_TOKEN, REVOKED_TOKEN, AGENT, INTEGRATION, ADMIN }

    /** The inbox every case starts from. The calling agent is Ana; Ana holds the assigned conversation. */
    private record Inbox(long ana, long ben, long unassigned, long assigned, long archived, long apiKey,
            Map<Caller, String> tokens) {
    }

    /** One endpoint, a valid request to it, and the status each caller must get. */
    record Endpoint(String name, HttpMethod method, String path, Object body, Map<Caller, Integer> expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    private Inbox inboxState;

    @BeforeEach
    void startFromTheSameInbox() {
        var ana = inbox.hireAgent("Ana Agent", "ana@example.com");
        var ben = inbox.hireAgent("Ben Agent", "ben@example.com");
        String integrationToken = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED)
                .get("token").asString();
        var revoked = inbox.post("/api/v1/api-keys", Map.of("name", "Old CRM"), HttpStatus.CREATED);
        assertThat(WireResponse.send(inbox.http().delete().uri("/api/v1/api-keys/{id}", revoked.get("id").asLong()))
                .status()).isEqualTo(204);
        long spareKey = inbox.post("/api/v1/api-keys", Map.of("name", "Spare"), HttpStatus.CREATED).get("id").asLong();

        long unassigned = inbox.startConversation("Una Visitor");
        long assigned = inbox.startConversation("Asa Visitor");
        assertThat(inbox.assign(assigned, ana.id()).status()).isEqualTo(200);
        long archived = inbox.startConversation("Archie Visitor");
        assertThat(inbox.action(archived, "archive", null).status()).isEqualTo(200);

        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        tokens.put(Caller.BAD_TOKEN, "ihb_1_" + "A".repeat(43));
        tokens.put(Caller.REVOKED_TOKEN, revoked.get("token").asString());
        tokens.put(Caller.AGENT, ana.token());
        tokens.put(Caller.INTEGRATION, integrationToken);
        tokens.put(Caller.ADMIN, ADMIN_TOKEN);
        inboxState = new Inbox(ana.id(), ben.id(), unassigned, assigned, archived, spareKey, tokens);
    }

    static Stream<Arguments> everyEndpointAsEveryCaller() {
        return endpoints().stream().flatMap(endpoint -> Stream.of(Caller.values())
                .map(caller -> Arguments.of(endpoint, caller)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everyEndpointAsEveryCaller")
    void eachCallerGetsWhatTheMatrixSaysAndARefusalChangesNothing(Endpoint endpoint, Caller caller) {
        String before = databaseFingerprint();

        WireResponse response = send(endpoint, caller);

        int expected = endpoint.expected().get(caller);
        if (expected >= 400) {
            response.assertProblem(expected);
            assertThat(databaseFingerprint()).as("%s as %s changed nothing", endpoint, caller).isEqualTo(before);
        } else {
            assertThat(response.status()).as("%s as %s -> %s", endpoint, caller, response.body()).isEqualTo(expected);
        }
        if (expected == 401) {
            assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        }
    }

    /** The event stream never ends by itself, so it is opened, its status read, and closed. */
    @ParameterizedTest(name = "the event stream as {0}")
    @EnumSource(Caller.class)
    void eachCallerOpensTheEventStreamOrIsRefusedAsTheMatrixSays(Caller caller) throws Exception {
        int expected = switch (caller) {
            case NO_TOKEN, BAD_TOKEN, REVOKED_TOKEN -> 401;
            case AGENT, INTEGRATION, ADMIN -> 200;
        };
        assertThat(SseClient.openingStatus("http://localhost:" + port, inboxState.tokens().get(caller)))
                .as("GET /api/v1/events as %s", caller).isEqualTo(expected);
    }

    private WireResponse send(Endpoint endpoint, Caller caller) {
        Inbox s = inboxState;
        String path = endpoint.path()
                .replace("{ana}", String.valueOf(s.ana())).replace("{ben}", String.valueOf(s.ben()))
                .replace("{unassigned}", String.valueOf(s.unassigned()))
                .replace("{assigned}", String.valueOf(s.assigned()))
                .replace("{archived}", String.valueOf(s.archived()))
                .replace("{apiKey}", String.valueOf(s.apiKey()));
        InboxClient client = caller == Caller.NO_TOKEN ? inbox.anonymous() : inbox.as(s.tokens().get(caller));
        RestTestClient.RequestBodySpec request = client.http().method(endpoint.method()).uri(path);
        Object body = endpoint.body() instanceof String text ? text.replace("{ana}", String.valueOf(s.ana()))
                .replace("{ben}", String.valueOf(s.ben())) : endpoint.body();
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return WireResponse.send(request);
    }

    private static List<Endpoint> endpoints() {
        List<Endpoint> table = new ArrayList<>();
        // agents: everyone reads, only the admin manages; an agent sets its own availability only
        table.add(adminOnly("create an agent", HttpMethod.POST, "/api/v1/agents",
                "{\"name\":\"Cy\",\"email\":\"cy@example.com\"}", 201));
        table.add(everyRole("list agents", HttpMethod.GET, "/api/v1/agents", null, 200));
        table.add(everyRole("read an agent", HttpMethod.GET, "/api/v1/agents/{ana}", null, 200));
        table.add(adminOnly("edit an agent", HttpMethod.PATCH, "/api/v1/agents/{ana}", "{\"name\":\"Ana B.\"}", 200));
        table.add(roles("set one's own availability", HttpMethod.PUT, "/api/v1/agents/{ana}/availability",
                "{\"availability\":\"ONLINE\"}", 200, 403, 200));
        table.add(adminOnly("set another agent's availability", HttpMethod.PUT, "/api/v1/agents/{ben}/availability",
                "{\"availability\":\"ONLINE\"}", 200));
        table.add(adminOnly("set an unknown agent's availability (no leak: 403, not 404)", HttpMethod.PUT,
                "/api/v1/agents/999999/availability", "{\"availability\":\"ONLINE\"}", 404));
        table.add(adminOnly("deactivate an agent", HttpMethod.DELETE, "/api/v1/agents/{ben}", null, 204));
        table.add(adminOnly("re-issue an agent's token", HttpMethod.POST, "/api/v1/agents/{ana}/token", null, 200));
        // sign-in: anyone may try (and fails here: a wrong password, an unknown invitation); an agent changes its own
        // password (Ana has none yet: 400); a token has no session to sign out of
        table.add(adminOnly("invite an agent", HttpMethod.POST, "/api/v1/agents/{ana}/invitation", null, 201));
        Endpoint signIn = roles("sign in with a wrong password", HttpMethod.POST, "/api/v1/sessions",
                "{\"email\":\"ana@example.com\",\"password\":\"not the password\"}", 401, 401, 401);
        table.add(signIn);
        Endpoint accept = roles("accept an unknown invitation", HttpMethod.POST, "/api/v1/invitations/ihbi_"
                + "A".repeat(43), "{\"password\":\"a long enough password\"}", 404, 404, 404);
        accept.expected().put(Caller.NO_TOKEN, 404);
        table.add(accept);
        table.add(roles("change one's password", HttpMethod.PUT, "/api/v1/me/password",
                "{\"currentPassword\":\"not the password\",\"newPassword\":\"a long enough password\"}", 400, 403, 403));
        table.add(everyRole("sign out with a token (no session)", HttpMethod.DELETE, "/api/v1/sessions/current", null, 404));
        // conversations: integrations and the admin create them; every role reads and acts
        table.add(roles("start a conversation", HttpMethod.POST, "/api/v1/conversations",
                "{\"visitor\":{\"name\":\"Vi\"}}", 403, 201, 201));
        table.add(everyRole("list a folder", HttpMethod.GET, "/api/v1/conversations?folder=all", null, 200));
        table.add(everyRole("count folders", HttpMethod.GET, "/api/v1/conversations/counts", null, 200));
        table.add(everyRole("read a conversation", HttpMethod.GET, "/api/v1/conversations/{assigned}", null, 200));
        table.add(everyRole("read an unknown conversation", HttpMethod.GET, "/api/v1/conversations/999999", null, 404));
        table.add(everyRole("count a team's folders", HttpMethod.GET, "/api/v1/conversations/counts?teamId=none", null,
                200));
        table.add(everyRole("route a conversation", HttpMethod.PATCH, "/api/v1/conversations/{assigned}",
                "{\"priority\":\"HIGH\",\"requiredSkills\":[\"es\"]}", 200));
        table.add(everyRole("assign", HttpMethod.POST, "/api/v1/conversations/{unassigned}/assign",
                "{\"agentId\":{ben}}", 200));
        table.add(everyRole("transfer", HttpMethod.POST, "/api/v1/conversations/{assigned}/transfer",
                "{\"agentId\":{ben}}", 200));
        table.add(everyRole("unassign", HttpMethod.POST, "/api/v1/conversations/{assigned}/unassign", null, 200));
        table.add(everyRole("archive", HttpMethod.POST, "/api/v1/conversations/{unassigned}/archive", null, 200));
        table.add(everyRole("reopen", HttpMethod.POST, "/api/v1/conversations/{archived}/reopen", null, 200));
        table.add(everyRole("hand off to a human", HttpMethod.POST, "/api/v1/conversations/{unassigned}/handoff", null, 200));
        table.add(roles("write as the visitor", HttpMethod.POST, "/api/v1/conversations/{assigned}/messages",
                "{\"author\":\"VISITOR\",\"text\":\"hola\"}", 403, 201, 201));
        table.add(roles("write as the bot", HttpMethod.POST, "/api/v1/conversations/{assigned}/messages",
                "{\"author\":\"BOT\",\"text\":\"beep\"}", 403, 201, 201));
        // an agent writes as itself; the admin must name the agent it writes for
        table.add(roles("write as the calling agent", HttpMethod.POST, "/api/v1/conversations/{assigned}/messages",
                "{\"author\":\"AGENT\",\"text\":\"on it\"}", 201, 403, 400));
        table.add(roles("write as a named agent", HttpMethod.POST, "/api/v1/conversations/{assigned}/messages",
                "{\"author\":\"AGENT\",\"text\":\"on it\",\"agentId\":{ana}}", 400, 403, 201));
        table.add(everyRole("read messages", HttpMethod.GET, "/api/v1/conversations/{assigned}/messages", null, 200));
        table.add(everyRole("read the timeline", HttpMethod.GET, "/api/v1/conversations/{assigned}/events", null, 200));
        table.add(everyRole("whose token this is", HttpMethod.GET, "/api/v1/me", null, 200));
        // auto-assignment settings: everyone reads, the admin changes
        table.add(everyRole("read the assignment settings", HttpMethod.GET, "/api/v1/settings/assignment", null, 200));
        table.add(adminOnly("change the assignment settings", HttpMethod.PUT, "/api/v1/settings/assignment",
                "{\"autoAssignment\":false,\"strategy\":\"ROUND_ROBIN\",\"defaultCapacity\":3,\"reopenPolicy\":\"QUEUE\"}",
                200));
        // teams: everyone reads, the admin manages
        table.add(adminOnly("create a team", HttpMethod.POST, "/api/v1/teams", "{\"name\":\"Billing\"}", 201));
        table.add(everyRole("list teams", HttpMethod.GET, "/api/v1/teams", null, 200));
        table.add(everyRole("read an unknown team", HttpMethod.GET, "/api/v1/teams/999999", null, 404));
        table.add(adminOnly("edit an unknown team (no leak: 403, not 404)", HttpMethod.PATCH, "/api/v1/teams/999999",
                "{\"name\":\"Sales\"}", 404));
        table.add(adminOnly("delete an unknown team (no leak: 403, not 404)", HttpMethod.DELETE,
                "/api/v1/teams/999999", null, 404));
        table.add(adminOnly("add a member to an unknown team (no leak: 403, not 404)", HttpMethod.PUT,
                "/api/v1/teams/999999/members/{ana}", null, 404));
        table.add(adminOnly("take a member out of an unknown team (no leak: 403, not 404)", HttpMethod.DELETE,
                "/api/v1/teams/999999/members/{ana}", null, 404));
        // webhooks: the admin's
        table.add(adminOnly("register a webhook", HttpMethod.POST, "/api/v1/webhooks",
                "{\"url\":\"http://localhost:9/hooks\",\"events\":[],\"secret\":\"0123456789abcdef\"}", 201));
        table.add(adminOnly("list webhooks", HttpMethod.GET, "/api/v1/webhooks", null, 200));
        table.add(adminOnly("read a webhook's deliveries (no leak: 403, not 404)", HttpMethod.GET,
                "/api/v1/webhooks/999999/deliveries", null, 404));
        table.add(adminOnly("delete a webhook (no leak: 403, not 404)", HttpMethod.DELETE, "/api/v1/webhooks/999999",
                null, 404));
        // administration
        table.add(adminOnly("consistency report", HttpMethod.GET, "/api/v1/admin/consistency", null, 200));
        table.add(adminOnly("create an API key", HttpMethod.POST, "/api/v1/api-keys", "{\"name\":\"Beta\"}", 201));
        table.add(adminOnly("list API keys", HttpMethod.GET, "/api/v1/api-keys", null, 200));
        table.add(adminOnly("revoke an API key", HttpMethod.DELETE, "/api/v1/api-keys/{apiKey}", null, 204));
        table.add(adminOnly("revoke an unknown API key (no leak: 403, not 404)", HttpMethod.DELETE,
                "/api/v1/api-keys/999999", null, 404));
        table.add(adminOnly("Prometheus metrics", HttpMethod.GET, "/actuator/prometheus", null, 200));
        table.add(adminOnly("metrics", HttpMethod.GET, "/actuator/metrics", null, 200));
        // public: no token needed, but a token that is presented must be valid
        // public means public: a bad or revoked token there gets the public answer, not a 401
        Endpoint health = publicEndpoint("health", "/actuator/health");
        health.expected().put(Caller.BAD_TOKEN, 200);
        health.expected().put(Caller.REVOKED_TOKEN, 200);
        table.add(health);
        table.add(publicEndpoint("OpenAPI document", "/v3/api-docs"));
        return table;
    }

    private static Endpoint everyRole(String name, HttpMethod method, String path, Object body, int status) {
        return roles(name, method, path, body, status, status, status);
    }

    private static Endpoint adminOnly(String name, HttpMethod method, String path, Object body, int status) {
        return roles(name, method, path, body, 403, 403, status);
    }

    /** Strangers get 401 everywhere under /api; the three roles get what they are allowed. */
    private static Endpoint roles(String name, HttpMethod method, String path, Object body,
            int agent, int integration, int admin) {
        Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
        expected.put(Caller.NO_TOKEN, 401);
        expected.put(Caller.BAD_TOKEN, 401);
        expected.put(Caller.REVOKED_TOKEN, 401);
        expected.put(Caller.AGENT, agent);
        expected.put(Caller.INTEGRATION, integration);
        expected.put(Caller.ADMIN, admin);
        return new Endpoint(method + " " + path + " (" + name + ")", method, path, body, expected);
    }

    private static Endpoint publicEndpoint(String name, String path) {
        Endpoint endpoint = roles(name, HttpMethod.GET, path, null, 200, 200, 200);
        endpoint.expected().put(Caller.NO_TOKEN, 200);
        return endpoint;
    }
}
