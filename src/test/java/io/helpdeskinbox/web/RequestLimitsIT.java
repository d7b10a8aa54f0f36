package io.helpdeskinbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits on what a request may be: bodies up to 1 MiB (413 beyond, declared or streamed),
 * headers within Tomcat's limit, and the public health answer whatever token comes with it.
 */
class RequestLimitsIT extends InboxIntegrationTest {

    private static final String TWO_MEGABYTES = "x".repeat(2 << 20);

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedWith413AndChangesNothing() {
        WireResponse refused = WireResponse.send(inbox.http().post().uri("/api/v1/conversations")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"visitor\": {\"name\": \"" + TWO_MEGABYTES + "\"}}"))
                .assertProblem(413).assertProblemType("request-too-large").assertRevealsNoInternals();
        assertThat(refused.json().path("detail").asString()).contains("1048576 bytes");
        assertThat(inbox.get("/api/v1/conversations/counts").path("all").asLong()).isZero();
    }

    @Test
    void aStreamedBodyWithoutALengthIsCutOffAtTheLimit() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + "/api/v1/conversations")
                .toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(64 * 1024); // no Content-Length: the server must count
        connection.setRequestProperty("Authorization", "Bearer " + ADMIN_TOKEN);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream body = connection.getOutputStream()) {
            body.write(("{\"visitor\": {\"name\": \"" + TWO_MEGABYTES + "\"}}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException serverStoppedReading) {
            // the server may answer and close before the whole body is sent; the answer still counts
        }
        assertThat(connection.getResponseCode()).isEqualTo(413);
        assertThat(connection.getContentType()).startsWith("application/problem+json");
        try (InputStream answer = connection.getErrorStream()) {
            JsonNode problem = JsonMapper.builder().build().readTree(answer);
            assertThat(problem.path("type").asString()).endsWith("/request-too-large");
        }
        assertThat(inbox.get("/api/v1/conversations/counts").path("all").asLong()).isZero();
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAsUsual() {
        // a valid body close to 1 MiB: the limit is on size, not on what the fields allow (400 here)
        String nearlyAMegabyte = "x".repeat((1 << 20) - 100);
        WireResponse response = WireResponse.send(inbox.http().post().uri("/api/v1/conversations")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"visitor\": {\"name\": \"" + nearlyAMegabyte + "\"}}"));
        response.assertProblem(400);
        assertThat(response.errorFields()).contains("visitor.name");
    }

    @Test
    void headersPastTomcatsLimitAreRefusedWithA4xxNeverA5xx() {
        WireResponse refused = WireResponse.send(inbox.http().get().uri("/api/v1/conversations/counts")
                .header("X-Padding", "p".repeat(20_000)));
        assertThat(refused.status()).as(refused.body()).isBetween(400, 431);
    }

    @Test
    void theHealthProbesGiveThePublicAnswerWhateverTokenComesWithThem() {
        for (String probe : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"}) {
            for (String authorization : new String[] {"Bearer not-a-token", "Bearer ", "Basic YWRtaW46YWRtaW4=",
                    "Bearer 99999.forged-secret-forged-secret"}) {
                WireResponse health = WireResponse.send(inbox.anonymous().http().get().uri(probe)
                        .header("Authorization", authorization));
                assertThat(health.status()).as("%s with '%s': %s", probe, authorization, health.body()).isEqualTo(200);
                assertThat(health.json().path("status").asString()).isEqualTo("UP");
                assertThat(health.json().has("components")).as("no details without a valid ADMIN token").isFalse();
            }
        }
        // a valid ADMIN token still sees which checks ran
        WireResponse admin = WireResponse.send(inbox.http().get().uri("/actuator/health/readiness"));
        assertThat(admin.json().path("components").has("db")).as(admin.body()).isTrue();
        // and a bad token elsewhere is still a 401
        WireResponse.send(inbox.as("not-a-token").http().get().uri("/api/v1/conversations/counts")).assertProblem(401);
    }
}
