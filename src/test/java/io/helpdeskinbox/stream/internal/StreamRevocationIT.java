package io.helpdeskinbox.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/**
 * A stream lives only as long as its credential: re-issuing an agent's token, revoking an API key
 * and deactivating an agent end, on every instance, the streams opened with that credential, and
 * nothing committed after the revocation reaches them. Visitors keep writing meanwhile, so events
 * commit in the same ticks as the revocations.
 */
@TestPropertySource(properties = "inbox.events.credential-check=PT2S")
class StreamRevocationIT extends InboxIntegrationTest {

    /** The contract's promise, from the revocation's response to the stream's end. */
    private static final Duration ENDED_WITHIN = Duration.ofSeconds(1);
    private static final Duration CREDENTIAL_CHECK = Duration.ofSeconds(2);
    private static final Duration SOON = Duration.ofSeconds(10);

    /** A conversation a visitor started, and when its request was sent. */
    private record Started(long conversationId, long sentAtNanos) {
    }

    /** One credential's stream on each instance, and the events each received before the server ended it. */
    private record Streams(SseClient here, SseClient there, Map<SseClient, List<SseClient.Event>> beforeTheEnd) {

        Streams(SseClient here, SseClient there) {
            this(here, there, new ConcurrentHashMap<>());
        }

        List<SseClient> both() {
            return List.of(here, there);
        }
    }

    @Test
    void eachRevocationEndsItsStreamsOnBothInstancesAndTheyReceiveNothingCommittedAfterIt() throws Exception {
        var ana = inbox.hireAgent("Ana Agent", "ana@example.com");
        var ben = inbox.hireAgent("Ben Agent", "ben@example.com");
        var cy = inbox.hireAgent("Cy Agent", "cy@example.com");
        var key = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED);
        String keyToken = key.get("token").asString();
        String otherKeyToken = inbox.post("/api/v1/api-keys", Map.of("name", "Beta CRM"), HttpStatus.CREATED)
                .get("token").asString();
        inbox.assignmentSettings(false, "BALANCED", null, "QUEUE"); // the conversations stay where they start
        // a partner that takes every event: revocations are not events for it
        inbox.post("/api/v1/webhooks", Map.of("url", "http://localhost:9/hooks", "events", List.of(),
                "secret", "0123456789abcdef"), HttpStatus.CREATED);

        try (SecondInstance second = new SecondInstance(Map.of("inbox.events.credential-check", "PT2S"))) {
            InboxClient there = second.client();
            String hereUrl = "http://localhost:" + port;
            String thereUrl = "http://localhost:" + second.port();
            Map<String, Streams> streams = new ConcurrentHashMap<>();
            for (var credential : Map.of("ana", ana.token(), "key", keyToken, "ben", ben.token(), "cy", cy.token(),
                    "other key", otherKeyToken).entrySet()) {
                streams.put(credential.getKey(), new Streams(SseClient.connect(hereUrl, credential.getValue(), null, null),
                        SseClient.connect(thereUrl, credential.getValue(), null, null)));
            }
            List<Started> started = new ArrayList<>();
            long anaRevokedAt;
            long keyRevokedAt;
            long benRevokedAt;
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService visitors = Executors.newSingleThreadExecutor();
            try {
                Future<?> writes = visitors.submit(() -> {
                    for (int i = 0; writing.get(); i++) {
                        InboxClient through = i % 2 == 0 ? inbox : there;
                        long sentAt = System.nanoTime();
                        long id = through.post("/api/v1/conversations", Map.of("visitor", Map.of("name", "Visitor " + i)),
                                HttpStatus.CREATED).get("id").asLong();
                        synchronized (started) {
                            started.add(new Started(id, sentAt));
                        }
                    }
                    return null;
                });
                streams.get("cy").here().takeUntil(SseClient.Event::isCreated, SOON); // the visitors are writing

                anaRevokedAt = revoke(() -> there.post("/api/v1/agents/" + ana.id() + "/token", null, HttpStatus.OK));
                assertEndedWithin(streams.get("ana"), anaRevokedAt, "Ana's token re-issued through the other instance");
                keyRevokedAt = revoke(() -> assertThat(WireResponse.send(inbox.http().delete()
                        .uri("/api/v1/api-keys/{id}", key.get("id").asLong())).status()).isEqualTo(204));
                assertEndedWithin(streams.get("key"), keyRevokedAt, "the API key revoked");
                benRevokedAt = revoke(() -> assertThat(WireResponse.send(there.http().delete()
                        .uri("/api/v1/agents/{id}", ben.id())).status()).isEqualTo(204));
                assertEndedWithin(streams.get("ben"), benRevokedAt, "Ben deactivated through the other instance");
                Awaitility.await().atMost(SOON).until(() -> writtenAfter(benRevokedAt, started) > 1);

                writing.set(false);
                writes.get(SOON.toSeconds(), TimeUnit.SECONDS);
            } finally {
                writing.set(false);
                visitors.shutdownNow();
            }
            long last = inbox.startConversation("The last visitor");

            for (String unaffected : List.of("cy", "other key")) {
                for (SseClient stream : streams.get(unaffected).both()) {
                    assertThat(stream.takeUntil(event -> event.isCreated() && conversationOf(event) == last, SOON))
                            .as("%s's stream keeps receiving, and no revocation as an event", unaffected)
                            .extracting(SseClient.Event::name).doesNotContain(StreamRevocation.TYPE);
                }
            }
            assertNothingCommittedAfter(streams.get("ana"), anaRevokedAt, started);
            assertNothingCommittedAfter(streams.get("key"), keyRevokedAt, started);
            assertNothingCommittedAfter(streams.get("ben"), benRevokedAt, started);

            for (String url : List.of(hereUrl, thereUrl)) {
                assertThat(SseClient.openingStatus(url, ana.token())).as("Ana's old token, %s", url).isEqualTo(401);
                assertThat(SseClient.openingStatus(url, keyToken)).as("the revoked key, %s", url).isEqualTo(401);
                assertThat(SseClient.openingStatus(url, ben.token())).as("the departed agent, %s", url).isEqualTo(401);
                assertThat(SseClient.openingStatus(url, cy.token())).as("another agent, %s", url).isEqualTo(200);
            }
            assertThat(jdbc.sql("""
                    select count(*) from webhook_delivery d join outbox_event e on e.id = d.event_id
                    where e.type = :type""").param("type", StreamRevocation.TYPE).query(Long.class).single())
                    .as("deliveries of revocations").isZero();
            streams.values().forEach(pair -> pair.both().forEach(SseClient::close));
        }
    }

    @Test
    void aCredentialThatStopsWorkingWithoutAnnouncementEndsItsStreamsWithinTheCheckPeriod() throws Exception {
        var key = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED);
        String otherKey = inbox.post("/api/v1/api-keys", Map.of("name", "Beta CRM"), HttpStatus.CREATED)
                .get("token").asString();
        try (SseClient revoked = SseClient.connect(baseUrl(), key.get("token").asString(), null, null);
                SseClient unaffected = SseClient.connect(baseUrl(), otherKey, null, null)) {
            // revoked behind the service's back: no transaction of its announced anything
            assertThat(jdbc.sql("update access_token set revoked_at = now() where id = :id")
                    .param("id", key.get("id").asLong()).update()).isEqualTo(1);

            // ended by the periodic check of the streams' credentials: its period, and a margin for a slow machine
            revoked.awaitEnded(CREDENTIAL_CHECK.plusSeconds(3));
            long after = inbox.startConversation("After the revocation");
            assertThat(unaffected.takeUntil(event -> event.isCreated() && conversationOf(event) == after, SOON))
                    .isNotEmpty();
            unaffected.takeAll(Duration.ofMillis(500)); // fails once the server has ended the stream
        }
    }

    /** Makes the revocation and returns when its response arrived: it has committed by then. */
    private static long revoke(ThrowingRunnable revocation) throws Exception {
        revocation.run();
        return System.nanoTime();
    }

    private static void assertEndedWithin(Streams streams, long revokedAt, String revocation) throws Exception {
        for (SseClient stream : streams.both()) {
            long left = revokedAt + ENDED_WITHIN.toNanos() - System.nanoTime();
            try {
                streams.beforeTheEnd().put(stream, stream.awaitEnded(Duration.ofNanos(Math.max(0, left))));
            } catch (AssertionError notEnded) {
                throw new AssertionError(revocation + ": its streams on both instances end within " + ENDED_WITHIN,
                        notEnded);
            }
        }
    }

    private static long writtenAfter(long revokedAt, List<Started> started) {
        synchronized (started) {
            return started.stream().filter(s -> s.sentAtNanos() > revokedAt).count();
        }
    }

    /** Every conversation whose request was sent after the revocation's response committed after it. */
    private static void assertNothingCommittedAfter(Streams streams, long revokedAt, List<Started> started) {
        Set<Long> afterRevocation;
        synchronized (started) {
            afterRevocation = started.stream().filter(s -> s.sentAtNanos() > revokedAt).map(Started::conversationId)
                    .collect(Collectors.toSet());
        }
        assertThat(afterRevocation).as("visitors wrote after the revocation").hasSizeGreaterThan(1);
        for (SseClient stream : streams.both()) {
            assertThat(streams.beforeTheEnd().get(stream).stream().filter(SseClient.Event::isCreated)
                    .map(StreamRevocationIT::conversationOf))
                    .as("conversations committed after the revocation").doesNotContainAnyElementsOf(afterRevocation);
        }
    }

    private static long conversationOf(SseClient.Event event) {
        return event.data().get("conversation").get("id").asLong();
    }

    private String baseUrl() {
        return "http://localhost:" + port;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
