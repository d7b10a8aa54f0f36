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
}
