package io.helpdeskinbox.console;

import static io.helpdeskinbox.console.Chromium.PATIENCE;
import static io.helpdeskinbox.console.Chromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.WireResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Single sign-on with a real OpenID provider started inside the test JVM (mock-oauth2-server: its
 * discovery document, JWKS, authorization endpoint and token endpoint, on a local port; no network).
 * The console signs people in through it (authorization code with PKCE) and the API accepts its
 * JWT access tokens; every way a token can be wrong is a 401.
 */
class SingleSignOnIT extends InboxIntegrationTest {

    private static final String ISSUER_ID = "inbox";
    private static final String CLIENT_ID = "inbox-console";
    private static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

    static {
        PROVIDER.start();
    }

    private WebDriver browser;

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("inbox.oidc.issuer-uri", () -> PROVIDER.issuerUrl(ISSUER_ID).toString());
        registry.add("inbox.oidc.client-id", () -> CLIENT_ID);
        registry.add("inbox.oidc.client-secret", () -> "console-secret");
        registry.add("inbox.oidc.admin-group", () -> "inbox-admins");
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.shutdown();
    }

    private String providerToken(String issuerId, String audience, Map<String, Object> claims, long expirySeconds) {
        return PROVIDER.issueToken(issuerId, "subject-" + claims.get("email"), audience, claims, expirySeconds).serialize();
    }

    private String providerToken(Map<String, Object> claims) {
        return providerToken(ISSUER_ID, CLIENT_ID, claims, 3600);
    }

    @Test
    void theProvidersTokenIsAcceptedAsBearerForTheAgentWithItsEmailAndAdminComesFromTheGroupClaim() {
        long anaId = inbox.createAgent("Ana", "ana@example.com");
        inbox.createAgent("Bea", "bea@example.com");

        String anaToken = providerToken(Map.of("email", "Ana@Example.com", "email_verified", true));
        JsonNode me = inbox.as(anaToken).get("/api/v1/me");
        assertThat(me.get("role").asString()).isEqualTo("AGENT");
        assertThat(me.get("agentId").asLong()).isEqualTo(anaId);
        WireResponse.send(inbox.as(anaToken).http().get().uri("/api/v1/api-keys")).assertProblem(403);

        String beaAdmin = providerToken(Map.of("email", "bea@example.com", "groups", List.of("support", "inbox-admins")));
        assertThat(inbox.as(beaAdmin).get("/api/v1/me").get("role").asString()).isEqualTo("ADMIN");
        assertThat(WireResponse.send(inbox.as(beaAdmin).http().get().uri("/api/v1/api-keys")).status()).isEqualTo(200);
    }

    @Test
    void everyWrongProviderTokenIsRefusedWith401() throws Exception {
        inbox.createAgent("Ana", "ana@example.com");
        Map<String, Object> ana = Map.of("email", "ana@example.com", "email_verified", true);
        String valid = providerToken(ana);
        assertThat(WireResponse.send(inbox.as(valid).http().get().uri("/api/v1/me")).status()).isEqualTo(200);

        String signature = valid.substring(valid.lastIndexOf('.') + 1);
        char changed = signature.charAt(10) == 'A' ? 'B' : 'A';
        Map<String, String> wrong = Map.of(
                "expired", providerToken(ISSUER_ID, CLIENT_ID, ana, -3600),
                "for another audience", providerToken(ISSUER_ID, "another-client", ana, 3600),
                "from another issuer", providerToken("elsewhere", CLIENT_ID, ana, 3600),
                "unsigned (alg: none)", new PlainJWT(new JWTClaimsSet.Builder()
                        .issuer(PROVIDER.issuerUrl(ISSUER_ID).toString()).audience(CLIENT_ID).subject("ana")
                        .claim("email", "ana@example.com").expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
                        .build()).serialize(),
                "with a bad signature", valid.substring(0, valid.lastIndexOf('.') + 1)
                        + signature.substring(0, 10) + changed + signature.substring(11),
                "for an email no agent has", providerToken(Map.of("email", "nobody@example.com")),
                "with an unverified email", providerToken(Map.of("email", "ana@example.com", "email_verified", false)));
        wrong.forEach((why, token) -> {
            WireResponse refused = WireResponse.send(inbox.as(token).http().get().uri("/api/v1/me")).describedAs(why)
                    .assertProblem(401);
            assertThat(refused.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).as(why).startsWith("Bearer");
        });
    }

    @Test
    void theInboxStartsWhileTheProviderIsAwayAndItsTokensThenGet503NotA401() {
        inbox.createAgent("Ana", "ana@example.com");
        String token = providerToken(Map.of("email", "ana@example.com", "email_verified", true));
        // nothing listens on port 9 (discard): a provider that is away
        try (SecondInstance providerAway = new SecondInstance(Map.of(
                "inbox.oidc.issuer-uri", "http://localhost:9/inbox", "inbox.oidc.client-id", CLIENT_ID,
                "inbox.oidc.client-secret", "console-secret"))) {
            InboxClient away = new InboxClient("http://localhost:" + providerAway.port(), token);
            WireResponse refused = WireResponse.send(away.http().get().uri("/api/v1/me")).assertProblem(503);
            assertThat(refused.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            // our own tokens are not held up by it
            assertThat(WireResponse.send(away.as(ADMIN_TOKEN).http().get().uri("/api/v1/me")).status()).isEqualTo(200);
            // "Sign in with SSO" sends the browser back to the console, saying why
            WireResponse start = WireResponse.send(away.anonymous().http().get().uri("/oauth2/authorization/oidc"));
            assertThat(start.status()).isEqualTo(302);
            assertThat(start.headers().getFirst(HttpHeaders.LOCATION)).endsWith("/#sso-error=unavailable");
        }
    }

    @Test
    void thePersonSignsInToTheConsoleThroughTheProviderAndOnlyIfAnAgentHasItsEmail() {
        long anaId = inbox.createAgent("Ana Agent", "ana@example.com");
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "ana-subject", "JWT", List.of(CLIENT_ID),
                Map.of("email", "ana@example.com", "email_verified", true), 3600));

        browser = Chromium.start();
        browser.get("http://localhost:" + port + "/");
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("sso")).isDisplayed());
        browser.findElement(By.id("sso")).click();
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("inbox")).isDisplayed());
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("me-name")).getText().equals("Ana Agent"));
        assertThat(jdbc.sql("select count(*) from access_token where kind = 'SESSION' and agent_id = ? and revoked_at is null")
                .param(anaId).query(Long.class).single()).isEqualTo(1);
        browser.findElement(By.id("sign-out")).click();
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("sign-in")).isDisplayed());

        // someone the provider knows, but no agent here
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "stranger", "JWT", List.of(CLIENT_ID),
                Map.of("email", "stranger@example.com", "email_verified", true), 3600));
        browser.findElement(By.id("sso")).click();
        waitFor(browser, PATIENCE, () -> browser.findElement(By.id("message")).getText().contains("no active agent"));
        assertThat(browser.findElement(By.id("inbox")).isDisplayed()).isFalse();
    }
}
