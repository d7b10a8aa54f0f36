package io.helpdeskinbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The inbox API over real HTTP, with shorthands for the calls tests make all the time. Thread-safe.
 * Every exchange is checked against the served OpenAPI document ({@link ContractValidation}): a
 * request or response that breaks it fails the call. A test that breaks the contract on purpose
 * sends through {@link #invalidRequests()} (or marks one request with
 * {@link ContractValidation#INVALID_REQUEST}): its responses are still checked.
 *
 * <p>The auto-assignment engine serves the queue right after a commit, on its own thread; the
 * response does not wait for it. The shorthand reads ({@link #get}, {@link #conversation},
 * {@link #consistencyReport}) first run {@code beforeRead}, which tests set to wait for the engine's
 * rounds asked so far: a read then shows what the requests before it caused.
 */
public final class InboxClient {

    private final String baseUrl;
    private final String token;
    private final Runnable beforeRead;
    private final boolean requestsMeantInvalid;
    private final RestTestClient http;

    /** A client that sends {@code token} as its bearer token on every request (none when null). */
    public InboxClient(String baseUrl, String token) {
        this(baseUrl, token, () -> { }, false);
    }

    private InboxClient(String baseUrl, String token, Runnable beforeRead, boolean requestsMeantInvalid) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.beforeRead = beforeRead;
        this.requestsMeantInvalid = requestsMeantInvalid;
        RestTestClient.Builder<?> builder = RestTestClient.bindToServer().baseUrl(baseUrl)
                .requestInterceptor(new ContractInterceptor(baseUrl, requestsMeantInvalid || token == null));
        if (token != null) {
            builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        this.http = builder.build();
    }

    /** The same client, running {@code beforeRead} before each shorthand read. */
    public InboxClient readingAfter(Runnable beforeRead) {
        return new InboxClient(baseUrl, token, beforeRead, requestsMeantInvalid);
    }

    /** The same server, spoken to with another token. */
    public InboxClient as(String token) {
        return new InboxClient(baseUrl, token, beforeRead, requestsMeantInvalid);
    }

    /**
     * The same server, spoken to with no token at all: a request the document refuses (every
     * operation needs a bearer token), so only the responses are checked against it.
     */
    public InboxClient anonymous() {
        return new InboxClient(baseUrl, null, beforeRead, requestsMeantInvalid);
    }

    /**
     * The same client, for requests that break the contract on purpose (malformed or invalid bodies,
     * parameters out of range, unsupported media types, methods no route has): only the responses
     * are checked against the served document.
     */
    public InboxClient invalidRequests() {
        return new InboxClient(baseUrl, token, beforeRead, true);
    }

    public RestTestClient http() {
        return http;
    }

    public long createAgent(String name, String email) {
        return hireAgent(name, email).id();
    }

    /** Creates an agent and returns it with its one-time token, to act as that agent. */
    public HiredAgent hireAgent(String name, String email) {
        JsonNode created = post("/api/v1/agents", Map.of("name", name, "email", email), HttpStatus.CREATED);
        return new HiredAgent(created.get("id").asLong(), created.get("token").asString());
    }

    public record HiredAgent(long id, String token) {
    }

    /** An agent with a capacity (null = unlimited or the default capacity). */
    public long createAgent(String name, String email, Integer capacity) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "email", email));
        body.put("capacity", capacity);
        return post("/api/v1/agents", body, HttpStatus.CREATED).get("id").asLong();
    }

    public void setAvailability(long agentId, String availability) {
        WireResponse response = exchange(http.put().uri("/api/v1/agents/{id}/availability", agentId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", availability)));
        assertThat(response.status()).as("availability of agent %s -> %s", agentId, response.body()).isEqualTo(200);
    }

    /** Replaces the auto-assignment settings. */
    public JsonNode assignmentSettings(boolean autoAssignment, String strategy, Integer defaultCapacity,
            String reopenPolicy) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("autoAssignment", autoAssignment,
                "strategy", strategy, "reopenPolicy", reopenPolicy));
        body.put("defaultCapacity", defaultCapacity);
        WireResponse response = exchange(http.put().uri("/api/v1/settings/assignment")
                .contentType(MediaType.APPLICATION_JSON).body(body));
        assertThat(response.status()).as("settings -> %s", response.body()).isEqualTo(200);
        return response.json();
    }

    /** Replaces the auto-assignment settings with this document. */
    public JsonNode assignmentSettings(Map<String, Object> settings) {
        WireResponse response = exchange(http.put().uri("/api/v1/settings/assignment")
                .contentType(MediaType.APPLICATION_JSON).body(settings));
        assertThat(response.status()).as("settings -> %s", response.body()).isEqualTo(200);
        return response.json();
    }

    /** A conversation whose visitor (or bot) asks for a human from the start: the engine serves it. */
    public JsonNode startWaitingConversation(String visitorName) {
        return post("/api/v1/conversations", Map.of("visitor", Map.of("name", visitorName), "waitingForAgent", true),
                HttpStatus.CREATED);
    }

    public JsonNode conversation(long conversationId) {
        return get("/api/v1/conversations/{id}", conversationId);
    }

    /** The agent's counter, as the API shows it. */
    public int activeConversations(long agentId) {
        return get("/api/v1/agents/{id}", agentId).get("activeConversations").asInt();
    }

    /** The ids on a folder's first page (up to 100), most recently updated first. */
    public List<Long> folder(String folder) {
        return StreamSupport.stream(get("/api/v1/conversations?folder={f}&limit=100", folder).get("items")
                .spliterator(), false).map(item -> item.get("id").asLong()).toList();
    }

    public long startConversation(String visitorName) {
        return post("/api/v1/conversations", Map.of("visitor", Map.of("name", visitorName)), HttpStatus.CREATED)
                .get("id").asLong();
    }

    /** POSTs a conversation action ({@code assign}, {@code archive}, ...) and returns the response, whatever its status. */
    public WireResponse action(long conversationId, String action, Object body) {
        RestTestClient.RequestBodySpec request = http.post()
                .uri("/api/v1/conversations/{id}/{action}", conversationId, action)
                .contentType(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.body(body);
        }
        return exchange(request);
    }

    public WireResponse assign(long conversationId, long agentId) {
        return action(conversationId, "assign", Map.of("agentId", agentId));
    }

    public JsonNode get(String path, Object... uriVariables) {
        beforeRead.run();
        return http.get().uri(path, uriVariables).exchange()
                .expectStatus().isOk()
                .returnResult(JsonNode.class).getResponseBody();
    }

    public JsonNode post(String path, Object body, HttpStatus expected) {
        RestTestClient.RequestBodySpec request = http.post().uri(path);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        WireResponse response = exchange(request);
        assertThat(response.status()).as("POST %s -> %s", path, response.body()).isEqualTo(expected.value());
        return response.json();
    }

    public JsonNode consistencyReport() {
        return get("/api/v1/admin/consistency");
    }

    public static WireResponse exchange(RestTestClient.RequestHeadersSpec<?> request) {
        return WireResponse.send(request);
    }
}
