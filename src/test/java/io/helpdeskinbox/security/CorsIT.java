package io.helpdeskinbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** The frontend's origin may call the API from a browser; other origins may not. */
class CorsIT extends InboxIntegrationTest {

    @Test
    void theFrontendsOriginPassesThePreflightWithoutAToken() {
        WireResponse preflight = preflight(FRONTEND_ORIGIN);

        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.headers().getAccessControlAllowOrigin()).isEqualTo(FRONTEND_ORIGIN);
        assertThat(preflight.headers().getAccessControlAllowHeaders())
                .map(String::toLowerCase).contains("authorization", "if-match");
    }

    @Test
    void anotherOriginIsRefused() {
        WireResponse preflight = preflight("https://evil.example.net");

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.headers().getAccessControlAllowOrigin()).isNull();
    }

    @Test
    void theFrontendCanReadTheHeadersItNeeds() {
        WireResponse response = WireResponse.send(inbox.http().get().uri("/api/v1/conversations/counts")
                .header(HttpHeaders.ORIGIN, FRONTEND_ORIGIN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().getAccessControlAllowOrigin()).isEqualTo(FRONTEND_ORIGIN);
        assertThat(response.headers().getAccessControlExposeHeaders()).contains("ETag", "Location");
    }

    private WireResponse preflight(String origin) {
        return WireResponse.send(inbox.anonymous().http().method(HttpMethod.OPTIONS).uri("/api/v1/conversations/1/assign")
                .header(HttpHeaders.ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,if-match"));
    }
}
