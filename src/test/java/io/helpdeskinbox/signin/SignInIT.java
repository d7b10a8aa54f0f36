package io.helpdeskinbox.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.CookieSession;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * People signing in as themselves, over real HTTP with real cookies: an invitation sets a password,
 * the password starts a console session kept in PostgreSQL, changes need the CSRF token, and every
 * way a session ends (sign-out, a password change, deactivation, expiry) ends it and its streams.
 */
class SignInIT extends InboxIntegrationTest {

    private static final String PASSWORD = "correct horse battery";

    /** An agent with a password set through its invitation; returns its id. */
    private long agentWithPassword(String name, String email, String password) {
        long agentId = inbox.createAgent(name, email);
        String url = inbox.post("/api/v1/agents/" + agentId + "/invitation", null, HttpStatus.CREATED).get("url").asString();
        String token = url.substring(url.indexOf("#invitation=") + "#invitation=".length());
        WireResponse.send(inbox.anonymous().http().post().uri("/api/v1/invitations/{token}", token)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", password))).assertStatus(204);
        return agentId;
    }

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void anInvitationSetsAPasswordThatSignsInAndTheSessionActsWithItsCsrfTokenUntilSignedOut() throws Exception {
        long anaId = inbox.createAgent("Ana", "ana@example.com");
        JsonNode invitation = inbox.post("/api/v1/agents/" + anaId + "/invitation", null, HttpStatus.CREATED);
        String url = invitation.get("url").asString();
        assertThat(url).startsWith(base() + "/#invitation=ihbi_");
        assertThat(invitation.get("expiresAt").asString()).isNotBlank();
        String token = url.substring(url.indexOf("#invitation=") + "#invitation=".length());
        assertThat(jdbc.sql("select count(*) from agent_invitation i where i::text like ?").param("%" + token.substring(5) + "%")
                .query(Long.class).single()).as("only the token's hash is kept").isZero();

        WireResponse.send(inbox.anonymous().http().post().uri("/api/v1/invitations/{token}", token)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", PASSWORD))).assertStatus(204);
        // used once: the link works no more
        WireResponse.send(inbox.anonymous().invalidRequests().http().post().uri("/api/v1/invitations/{token}", token)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", "another password 123")))
                .assertProblem(404).assertProblemType("invitation-not-found");
        assertThat(jdbc.sql("select hash from agent_password where agent_id = ?").param(anaId).query(String.class).single())
                .startsWith("{bcrypt}$2").doesNotContain(PASSWORD);

        CookieSession browser = new CookieSession();
        WireResponse signedIn = browser.signIn(base(), "ANA@example.com", PASSWORD).assertStatus(201);
        assertThat(signedIn.json().get("role").asString()).isEqualTo("AGENT");
        assertThat(signedIn.json().get("agentId").asLong()).isEqualTo(anaId);
        assertThat(CookieSession.setCookie(signedIn, "SESSION")).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(CookieSession.setCookie(signedIn, "XSRF-TOKEN")).doesNotContain("HttpOnly");

        JsonNode me = WireResponse.send(browser.client(base()).get().uri("/api/v1/me")).assertStatus(200).json();
        assertThat(me.get("agentId").asLong()).isEqualTo(anaId);
        SseClient stream = SseClient.connectWithCookie(base(), browser.cookieHeader());

        // acting: the change goes through with the CSRF token, as the agent
        browser.change(browser.client(base()).put().uri("/api/v1/agents/{id}/availability", anaId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", "BUSY"))).assertStatus(200);
        assertThat(inbox.get("/api/v1/agents/{id}", anaId).get("availability").asString()).isEqualTo("BUSY");

        browser.change(browser.client(base()).delete().uri("/api/v1/sessions/current")).assertStatus(204);
        stream.awaitEnded(Duration.ofSeconds(5));
        WireResponse.send(browser.client(base()).get().uri("/api/v1/me")).assertProblem(401);
        assertThat(jdbc.sql("select count(*) from spring_session").query(Long.class).single()).isZero();
    }

    @Test
    void aCookieAuthenticatedChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        long anaId = agentWithPassword("Ana", "ana@example.com", PASSWORD);
        CookieSession browser = new CookieSession();
        browser.signIn(base(), "ana@example.com", PASSWORD).assertStatus(201);
        String before = databaseFingerprint();

        WireResponse.send(browser.client(base()).put().uri("/api/v1/agents/{id}/availability", anaId)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", "BUSY")))
                .assertProblem(403).assertProblemType("csrf-token-missing");
        WireResponse.send(browser.client(base()).put().uri("/api/v1/agents/{id}/availability", anaId)
                .header("X-XSRF-TOKEN", "forged").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("availability", "BUSY"))).assertProblem(403).assertProblemType("csrf-token-missing");
        WireResponse.send(browser.client(base()).delete().uri("/api/v1/sessions/current"))
                .assertProblem(403).assertProblemType("csrf-token-missing");

        assertThat(databaseFingerprint()).isEqualTo(before);
        // reads need none, and the session still works
        assertThat(WireResponse.send(browser.client(base()).get().uri("/api/v1/me")).status()).isEqualTo(200);
        // a bearer request needs no CSRF token, cookies or not
        WireResponse.send(inbox.http().put().uri("/api/v1/agents/{id}/availability", anaId)
                .header("Cookie", browser.cookieHeader())
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", "BUSY"))).assertStatus(200);
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswerInSimilarTime() {
        agentWithPassword("Ana", "ana@example.com", PASSWORD);
        List<Long> unknownNanos = new ArrayList<>();
        List<Long> wrongNanos = new ArrayList<>();
        WireResponse unknown = null;
        WireResponse wrong = null;
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            unknown = new CookieSession().signIn(base(), "nobody-" + i + "@example.com", PASSWORD);
            unknownNanos.add(System.nanoTime() - started);
            started = System.nanoTime();
            wrong = new CookieSession().signIn(base(), "ana@example.com", "wrong password " + i);
            wrongNanos.add(System.nanoTime() - started);
        }
        unknown.assertProblem(401).assertProblemType("sign-in-failed");
        wrong.assertProblem(401).assertProblemType("sign-in-failed");
        assertThat(withoutRequestId(wrong.json())).isEqualTo(withoutRequestId(unknown.json()));
        assertThat(wrong.headers().getFirst("WWW-Authenticate")).isEqualTo(unknown.headers().getFirst("WWW-Authenticate"));
        double ratio = (double) median(unknownNanos) / median(wrongNanos);
        assertThat(ratio).as("median time of an unknown email over a wrong password (%s vs %s ns)", unknownNanos, wrongNanos)
                .isBetween(0.5, 2.0);
        assertThat(CookieSession.setCookie(wrong, "SESSION")).isNull();
    }

    private static String withoutRequestId(JsonNode problem) {
        return problem.toString().replaceAll("\"(requestId|instance)\":\"[^\"]*\",?", "");
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    @Test
    void anAccountWhoseSignInsKeepFailingGets429WithRetryAfterEvenWithTheRightPasswordOnEveryInstance() {
        agentWithPassword("Ana", "ana@example.com", PASSWORD);
        agentWithPassword("Bea", "bea@example.com", PASSWORD);
        Map<String, String> limit = Map.of("inbox.rate-limits.failed-sign-in.attempts", "3",
                "inbox.rate-limits.failed-sign-in.period", "PT10M");
        try (SecondInstance a = new SecondInstance(limit); SecondInstance b = new SecondInstance(limit)) {
            List<String> instances = List.of("http://localhost:" + a.port(), "http://localhost:" + b.port());
            // the guesses alternate between the instances: the account's attempts are counted in the database
            for (int i = 0; i < 3; i++) {
                new CookieSession().signIn(instances.get(i % 2), "ana@example.com", "wrong password " + i).assertProblem(401);
            }
            for (String instance : instances) {
                WireResponse stopped = new CookieSession().signIn(instance, "Ana@Example.com", PASSWORD)
                        .assertProblem(429).assertProblemType("rate-limited");
                assertThat(Long.parseLong(stopped.headers().getFirst("Retry-After"))).isBetween(1L, 600L);
                assertThat(stopped.headers().getFirst("RateLimit-Policy")).isEqualTo("\"failed-sign-in\";q=3;w=600");
                assertThat(CookieSession.setCookie(stopped, "SESSION")).isNull();
            }
            // another account goes on
            new CookieSession().signIn(instances.get(0), "bea@example.com", PASSWORD).assertStatus(201);
        }
    }

    @Test
    void anAddressWhoseSignInsKeepFailingIsStoppedWhateverAccountsItTries() {
        agentWithPassword("Ana", "ana@example.com", PASSWORD);
        try (SecondInstance limited = new SecondInstance(Map.of(
                "inbox.rate-limits.failed-authentication.attempts", "3",
                "inbox.rate-limits.failed-authentication.period", "PT1M"))) {
            String onIt = "http://localhost:" + limited.port();
            // one guess per account, so no account's own limit is reached: the address's is
            for (int i = 1; i <= 3; i++) {
                new CookieSession().signIn(onIt, "nobody-" + i + "@example.com", PASSWORD).assertProblem(401);
            }
            WireResponse stopped = new CookieSession().signIn(onIt, "ana@example.com", PASSWORD)
                    .assertProblem(429).assertProblemType("rate-limited");
            assertThat(stopped.headers().getFirst("RateLimit-Policy")).isEqualTo("\"failed-authentication\";q=3;w=60");
            assertThat(Long.parseLong(stopped.headers().getFirst("Retry-After"))).isBetween(1L, 60L);
        }
    }

    @Test
    void aSessionStartedOnOneInstanceWorksOnAnotherAndSurvivesTheirRestart() {
        long anaId = agentWithPassword("Ana", "ana@example.com", PASSWORD);
        CookieSession browser = new CookieSession();
        try (SecondInstance a = new SecondInstance(); SecondInstance b = new SecondInstance()) {
            browser.signIn("http://localhost:" + a.port(), "ana@example.com", PASSWORD).assertStatus(201);
            String onB = "http://localhost:" + b.port();
            assertThat(WireResponse.send(browser.client(onB).get().uri("/api/v1/me")).assertStatus(200)
                    .json().get("agentId").asLong()).isEqualTo(anaId);
            browser.change(browser.client(onB).put().uri("/api/v1/agents/{id}/availability", anaId)
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", "BUSY"))).assertStatus(200);
        }
        try (SecondInstance a = new SecondInstance(); SecondInstance b = new SecondInstance()) {
            for (SecondInstance restarted : List.of(a, b)) {
                String onIt = "http://localhost:" + restarted.port();
                assertThat(WireResponse.send(browser.client(onIt).get().uri("/api/v1/me")).assertStatus(200)
                        .json().get("agentId").asLong()).isEqualTo(anaId);
            }
            browser.change(browser.client("http://localhost:" + a.port()).put().uri("/api/v1/agents/{id}/availability", anaId)
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", "ONLINE"))).assertStatus(200);
        }
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsAndTheirStreamsButNotItsOwn() throws Exception {
        agentWithPassword("Ana", "ana@example.com", PASSWORD);
        CookieSession here = new CookieSession();
        CookieSession elsewhere = new CookieSession();
        here.signIn(base(), "ana@example.com", PASSWORD).assertStatus(201);
        elsewhere.signIn(base(), "ana@example.com", PASSWORD).assertStatus(201);
        try (SecondInstance other = new SecondInstance()) {
            SseClient elsewhereStream = SseClient.connectWithCookie("http://localhost:" + other.port(), elsewhere.cookieHeader());
            SseClient hereStream = SseClient.connectWithCookie(base(), here.cookieHeader());

            // a wrong current password changes nothing
            here.change(here.client(base()).put().uri("/api/v1/me/password").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("currentPassword", "not the password", "newPassword", "a brand new password")))
                    .assertProblem(400);
            here.change(here.client(base()).put().uri("/api/v1/me/password").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("currentPassword", PASSWORD, "newPassword", "too short")))
                    .assertProblem(400);
            assertThat(WireResponse.send(elsewhere.client(base()).get().uri("/api/v1/me")).status()).isEqualTo(200);

            long changed = System.nanoTime();
            here.change(here.client(base()).put().uri("/api/v1/me/password").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new password"))).assertStatus(204);
            elsewhereStream.awaitEnded(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(2));
            WireResponse.send(elsewhere.client(base()).get().uri("/api/v1/me")).assertProblem(401);
            assertThat(WireResponse.send(here.client(base()).get().uri("/api/v1/me")).status()).isEqualTo(200);
            // this session's own change arrives on its stream: committed after the revocation, so a stream the
            // revocation ended would have ended before it (a read that meets the end fails)
            long anaId = WireResponse.send(here.client(base()).get().uri("/api/v1/me")).json().get("agentId").asLong();
            here.change(here.client(base()).put().uri("/api/v1/agents/{id}/availability", anaId)
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("availability", "BUSY"))).assertStatus(200);
            hereStream.takeUntil(event -> "agent.updated".equals(event.name())
                    && event.data().toString().contains("\"availability\":\"BUSY\""), Duration.ofSeconds(5));
            hereStream.close();

            new CookieSession().signIn(base(), "ana@example.com", PASSWORD).assertProblem(401);
            new CookieSession().signIn(base(), "ana@example.com", "a brand new password").assertStatus(201);
        }
    }

    @Test
    void deactivationEndsTheAgentsSessionsAndStreams() throws Exception {
        long anaId = agentWithPassword("Ana", "ana@example.com", PASSWORD);
        CookieSession browser = new CookieSession();
        browser.signIn(base(), "ana@example.com", PASSWORD).assertStatus(201);
        SseClient stream = SseClient.connectWithCookie(base(), browser.cookieHeader());

        WireResponse.send(inbox.http().delete().uri("/api/v1/agents/{id}", anaId)).assertStatus(204);

        stream.awaitEnded(Duration.ofSeconds(5));
        WireResponse.send(browser.client(base()).get().uri("/api/v1/me")).assertProblem(401);
        new CookieSession().signIn(base(), "ana@example.com", PASSWORD).assertProblem(401);
    }

    @Test
    void anExpiredSessionEndsItsStreamWithinASecond() throws Exception {
        agentWithPassword("Ana", "ana@example.com", PASSWORD);
        try (SecondInstance shortSessions = new SecondInstance(Map.of("server.servlet.session.timeout", "PT3S"))) {
            String onIt = "http://localhost:" + shortSessions.port();
            CookieSession browser = new CookieSession();
            browser.signIn(onIt, "ana@example.com", PASSWORD).assertStatus(201);
            long opened = System.nanoTime();
            SseClient stream = SseClient.connectWithCookie(onIt, browser.cookieHeader());
            stream.awaitEnded(Duration.ofSeconds(10));
            Duration lasted = Duration.ofNanos(System.nanoTime() - opened);
            assertThat(lasted).as("the session's 3 s, and at most a second more")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2900)).isLessThan(Duration.ofMillis(4500));
            WireResponse.send(browser.client(onIt).get().uri("/api/v1/me")).assertProblem(401);
        }
    }

    @Test
    void invitationsAndPasswordsRefuseBadInputWithoutChangingAnything() {
        long anaId = inbox.createAgent("Ana", "ana@example.com");
        String url = inbox.post("/api/v1/agents/" + anaId + "/invitation", null, HttpStatus.CREATED).get("url").asString();
        String token = url.substring(url.indexOf("#invitation=") + "#invitation=".length());
        String before = databaseFingerprint();

        WireResponse tooShort = WireResponse.send(inbox.anonymous().invalidRequests().http().post()
                .uri("/api/v1/invitations/{token}", token).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("password", "short"))).assertProblem(400);
        assertThat(tooShort.errorFields()).containsExactly("password");
        WireResponse.send(inbox.anonymous().invalidRequests().http().post()
                .uri("/api/v1/invitations/{token}", token).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("password", "é".repeat(40)))).assertProblem(400);
        WireResponse.send(inbox.anonymous().invalidRequests().http().post()
                .uri("/api/v1/invitations/{token}", "ihbi_" + "x".repeat(43)).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("password", PASSWORD))).assertProblem(404).assertProblemType("invitation-not-found");
        WireResponse.send(inbox.invalidRequests().http().post().uri("/api/v1/agents/{id}/invitation", 999_999))
                .assertProblem(404);
        assertThat(databaseFingerprint()).isEqualTo(before);

        // a newer invitation replaces the older one
        String newer = inbox.post("/api/v1/agents/" + anaId + "/invitation", null, HttpStatus.CREATED).get("url").asString();
        WireResponse.send(inbox.anonymous().invalidRequests().http().post()
                .uri("/api/v1/invitations/{token}", token).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("password", PASSWORD))).assertProblem(404);
        WireResponse.send(inbox.anonymous().http().post()
                .uri("/api/v1/invitations/{token}", newer.substring(newer.indexOf("#invitation=") + 12))
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("password", PASSWORD))).assertStatus(204);

        // only an agent has a password to change
        WireResponse.send(inbox.http().put().uri("/api/v1/me/password").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new password"))).assertProblem(403);
    }
}
