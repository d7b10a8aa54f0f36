package io.helpdeskinbox.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.WireResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Over HTTP, on an instance with production's setting (private networks not allowed): a webhook on
 * loopback is refused at registration however its address is spelled. Only loopback is used here,
 * and nothing is ever sent to it; the other private ranges are covered by {@link WebhookTargetsTest}.
 */
class WebhookTargetsIT extends InboxIntegrationTest {

    @Test
    void loopbackInAnySpellingIsRefusedAtRegistrationAndNothingIsStored() {
        try (SecondInstance production = new SecondInstance(Map.of("inbox.webhooks.allow-private-networks", "false"))) {
            InboxClient client = production.client();
            for (String url : List.of("http://127.0.0.1:9/hooks", "http://127.1:9/hooks", "http://2130706433:9/hooks",
                    "http://[::1]:9/hooks", "http://localhost:9/hooks", "http://0177.0.0.1:9/hooks",
                    "http://0x7f000001:9/hooks", "http://[::ffff:127.0.0.1]:9/hooks")) {
                WireResponse refused = WireResponse.send(client.http().post().uri("/api/v1/webhooks")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("url", url, "events", List.of(), "secret", "a-long-shared-secret")))
                        .describedAs(url).assertProblem(400);
                assertThat(refused.errorFields()).as(url).containsExactly("url");
            }
            assertThat(client.get("/api/v1/webhooks").get("items")).isEmpty();
        }
    }
}
