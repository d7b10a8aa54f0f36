package io.helpdeskinbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document is public and tells a partner how to authenticate. */
class ApiDocumentationIT extends InboxIntegrationTest {

    @Test
    void theOpenApiDocumentIsReadableWithoutATokenAndDescribesTheBearerScheme() {
        WireResponse docs = WireResponse.send(inbox.anonymous().http().get().uri("/v3/api-docs"));

        assertThat(docs.status()).isEqualTo(200);
        JsonNode bearer = docs.json().path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asString()).isEqualTo("http");
        assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
        assertThat(docs.json().path("security").toString()).contains("bearer");
        assertThat(docs.json().path("paths").has("/api/v1/api-keys")).isTrue();
        assertThat(docs.json().path("paths").has("/api/v1/agents/{agentId}/token")).isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesTheEventsOnTheStreamAndAsWebhooks() {
        JsonNode docs = WireResponse.send(inbox.anonymous().http().get().uri("/v3/api-docs")).json();

        JsonNode change = docs.path("components").path("schemas").path("InboxEvent").path("properties");
        assertThat(change.has("fromFolder")).isTrue();
        assertThat(change.has("toFolder")).isTrue();
        assertThat(change.has("folderCounts")).as("changes carry no totals").isFalse();
        assertThat(change.path("id").path("type").asString()).as("an opaque position").isEqualTo("string");
        JsonNode counted = docs.path("components").path("schemas").path("FoldersCounted").path("properties");
        assertThat(counted.path("type").path("enum").toString()).contains("folders.counted");
        assertThat(counted.has("folderCounts")).isTrue();
        JsonNode stream = docs.path("paths").path("/api/v1/events").path("get");
        assertThat(stream.path("description").asString()).contains("Last-Event-ID").contains("exactly once");
        assertThat(stream.path("responses").path("200").path("content").has("text/event-stream")).isTrue();
        assertThat(docs.path("webhooks").path("inboxEvent").path("post").path("requestBody").toString())
                .contains("#/components/schemas/InboxEvent");
    }
}
