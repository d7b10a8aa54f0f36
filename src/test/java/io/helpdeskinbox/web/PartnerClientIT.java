package io.helpdeskinbox.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.helpdeskinbox.partnerclient.ApiClient;
import io.helpdeskinbox.partnerclient.ApiException;
import io.helpdeskinbox.partnerclient.api.AgentsApi;
import io.helpdeskinbox.partnerclient.api.ApiKeysApi;
import io.helpdeskinbox.partnerclient.api.ConversationsApi;
import io.helpdeskinbox.partnerclient.api.WebhooksApi;
import io.helpdeskinbox.partnerclient.model.AssignRequest;
import io.helpdeskinbox.partnerclient.model.ConversationResponse;
import io.helpdeskinbox.partnerclient.model.CreateAgentRequest;
import io.helpdeskinbox.partnerclient.model.CreateApiKeyRequest;
import io.helpdeskinbox.partnerclient.model.CreateConversationRequest;
import io.helpdeskinbox.partnerclient.model.FolderCountsResponse;
import io.helpdeskinbox.partnerclient.model.InboxEvent;
import io.helpdeskinbox.partnerclient.model.TransferRequest;
import io.helpdeskinbox.partnerclient.model.VisitorRequest;
import io.helpdeskinbox.partnerclient.model.WebhookRequest;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.ValidatingHttpClient;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reference walkthrough as a partner runs it: through the Java client the build generates from
 * the OpenAPI document (docs/openapi.json, the served one), nothing hand-written between the test and
 * the wire but a check of each exchange against the served document. The webhook delivery is decoded
 * into the generated event type.
 */
class PartnerClientIT extends InboxIntegrationTest {

    private static final String SECRET = "whsec_4f9a1c2e7b3d8a60";

    private HttpServer receiver;
    private final List<Map.Entry<String, String>> delivered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aPartnerRunsTheWalkthroughThroughTheGeneratedClient() throws Exception {
        ApiClient admin = client(ADMIN_TOKEN);
        String apiKey = new ApiKeysApi(admin).createApiKey(new CreateApiKeyRequest().name("Acme CRM sync")).getToken();
        new WebhooksApi(admin).createWebhook(new WebhookRequest().url(startReceiver())
                .events(List.of("conversation.archived")).secret(SECRET));
        ApiClient partner = client(apiKey);
        ConversationsApi conversations = new ConversationsApi(partner);

        CreateConversationRequest start = new CreateConversationRequest()
                .visitor(new VisitorRequest().name("Cristóbal Villar").email("cristobal@example.com"))
                .subject("Refund for order 4411").message("Hola, ¿me ayudáis con un reembolso?");
        ConversationResponse started = conversations.startConversation(start, "acme-import-4411");
        assertThat(started.getStatus()).isEqualTo(ConversationResponse.StatusEnum.UNASSIGNED);
        assertThat(conversations.startConversation(start, "acme-import-4411").getId())
                .as("a retry with the same Idempotency-Key").isEqualTo(started.getId());

        AgentsApi agents = new AgentsApi(admin);
        long ana = agents.createAgent(new CreateAgentRequest().name("Ana Beltrán").email("ana.beltran@example.com")).getId();
        long ben = agents.createAgent(new CreateAgentRequest().name("Ben Okafor").email("ben.okafor@example.com")).getId();

        ConversationResponse assigned = conversations.assignConversation(started.getId(), new AssignRequest().agentId(ana), null);
        assertThat(assigned.getStatus()).isEqualTo(ConversationResponse.StatusEnum.ASSIGNED);
        assertThat(assigned.getAssignee().getId()).isEqualTo(ana);
        assertThat(agents.getAgent(ana).getActiveConversations()).isEqualTo(1);

        ConversationResponse transferred = conversations.transferConversation(started.getId(),
                new TransferRequest().agentId(ben), "W/\"" + assigned.getVersion() + "\"");
        assertThat(transferred.getAssignee().getId()).isEqualTo(ben);
        assertThat(List.of(agents.getAgent(ana).getActiveConversations(), agents.getAgent(ben).getActiveConversations()))
                .containsExactly(0, 1);

        ConversationResponse archived = conversations.archiveConversation(started.getId(), null);
        assertThat(archived.getStatus()).isEqualTo(ConversationResponse.StatusEnum.ARCHIVED);
        assertThat(agents.getAgent(ben).getActiveConversations()).isZero();
        assertThat(conversations.countConversations(null, null))
                .isEqualTo(new FolderCountsResponse().unassigned(0L).assigned(0L).archived(1L).all(1L));

        assertThatThrownBy(() -> conversations.assignConversation(started.getId(), new AssignRequest().agentId(ana), null))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.getCode()).isEqualTo(409);
                    assertThat(refused.getResponseBody()).contains("conversation-state-conflict");
                });

        await().atMost(Duration.ofSeconds(10)).until(() -> !delivered.isEmpty());
        Map.Entry<String, String> delivery = delivered.get(0);
        InboxEvent event = partner.getObjectMapper().readValue(delivery.getValue(), InboxEvent.class);
        assertThat(event.getType()).isEqualTo(InboxEvent.TypeEnum.CONVERSATION_ARCHIVED);
        assertThat(event.getId()).as("X-Inbox-Event-Id").isEqualTo(delivery.getKey());
        assertThat(event.getConversation().getId()).isEqualTo(started.getId());
        assertThat(event.getConversation().getVersion()).isEqualTo(archived.getVersion());
        assertThat(event.getFromFolder()).isEqualTo(InboxEvent.FromFolderEnum.ASSIGNED);
        assertThat(event.getToFolder()).isEqualTo(InboxEvent.ToFolderEnum.ARCHIVED);
        assertThat(event.getAgents()).singleElement().satisfies(agent -> {
            assertThat(agent.getId()).isEqualTo(ben);
            assertThat(agent.getActiveConversations()).isZero();
        });
    }

    /** The generated client over a transport that checks each exchange against the served document. */
    private ApiClient client(String token) {
        String baseUrl = "http://localhost:" + port;
        ApiClient client = new ApiClient() {
            @Override
            public HttpClient getHttpClient() {
                return new ValidatingHttpClient(super.getHttpClient(), baseUrl);
            }
        };
        client.updateBaseUri(baseUrl);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    /** A partner's receiver: keeps each delivery's event id header and body. */
    private String startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        receiver.createContext("/inbox-events", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                delivered.add(Map.entry(exchange.getRequestHeaders().getFirst("X-Inbox-Event-Id"), body));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        return "http://localhost:" + receiver.getAddress().getPort() + "/inbox-events";
    }
}
