package io.helpdeskinbox.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhooks delivered to real HTTP receivers on this machine. */
class WebhooksIT extends InboxIntegrationTest {

    private static final String SECRET = "partner-secret-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopReceivers() {
        receivers.forEach(receiver -> receiver.server.stop(0));
    }

    @Test
    void deliveriesAreSignedSoTheReceiverCanVerifyThem() throws Exception {
        Receiver receiver = receiver(request -> 200);
        long webhook = register(receiver, List.of("conversation.created"));

        long conversation = inbox.startConversation("Cristóbal Villar");

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received.size() == 1);
        Received delivery = receiver.received.get(0);
        assertThat(verify(delivery.signature(), delivery.body(), SECRET)).as("signature %s", delivery.signature()).isTrue();
        assertThat(verify(delivery.signature(), delivery.body(), "another-secret-0123456789")).isFalse();
        JsonNode event = JSON.readTree(delivery.body());
        assertThat(event.get("type").asString()).isEqualTo("conversation.created");
        assertThat(event.get("conversation").get("id").asLong()).isEqualTo(conversation);
        assertThat(delivery.eventId()).isEqualTo(event.get("id").asString());
        // the receiver has the request before the deliverer has its answer, let alone has recorded it
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(
                inbox.get("/api/v1/webhooks/{id}/deliveries", webhook).get("items").path(0).path("state").asString("")));
        JsonNode log = inbox.get("/api/v1/webhooks/{id}/deliveries", webhook).get("items");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("eventId").asString()).isEqualTo(delivery.eventId());
        assertThat(log.get(0).get("attemptCount").asInt()).isEqualTo(1);
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheEventOnALaterRetryAsTheLogShows() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> calls.incrementAndGet() <= 3 ? 500 : 200);
        long webhook = register(receiver, List.of("conversation.created"));

        inbox.startConversation("Cristóbal Villar");

        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(
                inbox.get("/api/v1/webhooks/{id}/deliveries", webhook).get("items").path(0).path("state").asString("")));
        JsonNode delivery = inbox.get("/api/v1/webhooks/{id}/deliveries", webhook).get("items").get(0);
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(4);
        JsonNode attempts = delivery.get("attempts");
        assertThat(attempts).extracting(attempt -> attempt.get("attempt").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(attempts).extracting(attempt -> attempt.get("statusCode").asInt()).containsExactly(500, 500, 500, 200);
        assertThat(attempts).extracting(attempt -> attempt.get("succeeded").asBoolean())
                .containsExactly(false, false, false, true);
        assertThat(receiver.received).hasSize(4)
                .extracting(Received::eventId).containsOnly(receiver.received.get(0).eventId());
        // backoff, doubling from inbox.webhooks.initial-backoff (0.2 s in tests): the n-th retry comes at
        // least 0.2 s * 2^(n-1) after the attempt before it (a slow machine only adds to a wait)
        List<Long> times = receiver.received.stream().map(Received::nanos).toList();
        for (int retry = 1; retry < times.size(); retry++) {
            long waitedMillis = (times.get(retry) - times.get(retry - 1)) / 1_000_000;
            assertThat(waitedMillis).as("wait before retry %d", retry).isGreaterThanOrEqualTo((200L << (retry - 1)) - 20);
        }
    }

    /**
     * The delivery log is kept as long as the events it delivered: the outbox's prune takes a
     * finished delivery with its attempts and its event, and keeps an event whose delivery is still
     * pending, with that delivery.
     */
    @Test
    void thePruneTakesFinishedDeliveriesWithTheirEventsAndKeepsAnEventAPendingDeliveryNeeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Receiver receiver = receiver(request -> calls.incrementAndGet() == 1 ? 200 : 500);
        long webhook = register(receiver, List.of("conversation.created"));
        inbox.startConversation("Cristóbal Villar");
        await().atMost(Duration.ofSeconds(5)).until(() -> "DELIVERED".equals(
                inbox.get("/api/v1/webhooks/{id}/deliveries", webhook).get("items").path(0).path("state").asString("")));
        long pending = inbox.startConversation("Otra visitante");
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 2);
        awaitEverythingTicked();

        // a retention period passes (7 days by default): everything so far is older than it
        jdbc.sql("update outbox_event set created_at = created_at - interval '8 days'").update();
        jdbc.sql("update outbox_tick set created_at = created_at - interval '8 days'").update();
        jdbc.sql("update webhook_delivery set created_at = created_at - interval '8 days'").update();
        runPeriodicDuty("outbox prune");

        assertThat(jdbc.sql("select state from webhook_delivery").query(String.class).list())
                .as("the finished delivery is gone, the pending one kept").containsExactly("PENDING");
        assertThat(jdbc.sql("""
                        select count(*) from webhook_delivery_attempt a
                        where not exists (select 1 from webhook_delivery d where d.id = a.delivery_id and d.state = 'PENDING')""")
                .query(Long.class).single()).as("attempts of a finished delivery").isZero();
        assertThat(jdbc.sql("select conversation_id from outbox_event where type = 'conversation.created'")
                .query(Long.class).list()).as("the events kept: the pending delivery's").containsExactly(pending);
    }

    /**
     * A receiver that fails for longer than the period (5 s in tests) is disabled: announced as
     * {@code webhook.disabled} on the stream and to other webhooks, shown DISABLED in the list, its
     * pending deliveries given up, and nothing more sent to it.
     */
    @Test
    void aReceiverFailingForLongerThanThePeriodIsDisabledAnnouncedAndListedAsSuch() throws Exception {
        Receiver failing = receiver(request -> 500);
        long webhook = register(failing, List.of());
        Receiver watcher = receiver(request -> 200);
        register(watcher, List.of("webhook.disabled"));
        try (SseClient stream = SseClient.connect("http://localhost:" + port, ADMIN_TOKEN, null,
                "types=webhook.disabled")) {
            inbox.startConversation("Cristóbal Villar");

            SseClient.Event disabled = stream.takeChanges(1, Duration.ofSeconds(20)).get(0);
            assertThat(disabled.name()).isEqualTo("webhook.disabled");
            assertThat(disabled.data().get("webhook").get("id").asLong()).isEqualTo(webhook);
            assertThat(disabled.data().get("webhook").get("status").asString()).isEqualTo("DISABLED");
        }
        JsonNode listed = inbox.get("/api/v1/webhooks").get("items").valueStream()
                .filter(item -> item.get("id").asLong() == webhook).findFirst().orElseThrow();
        assertThat(listed.get("status").asString()).isEqualTo("DISABLED");
        assertThat(listed.get("active").asBoolean()).isFalse();
        assertThat(listed.get("disabledAt").isNull()).isFalse();
        assertThat(Duration.between(java.time.Instant.parse(listed.get("failingSince").asString()),
                java.time.Instant.parse(listed.get("disabledAt").asString()))).isGreaterThan(Duration.ofSeconds(5));
        assertThat(inbox.get("/api/v1/webhooks/{id}/deliveries", webhook).get("items").valueStream()
                .map(delivery -> delivery.get("state").asString())).doesNotContain("PENDING");
        await().atMost(Duration.ofSeconds(5)).until(() -> !watcher.received.isEmpty());
        assertThat(JSON.readTree(watcher.received.get(0).body()).get("type").asString()).isEqualTo("webhook.disabled");

        int sentBefore = failing.received.size();
        inbox.startConversation("Otra visitante");
        Thread.sleep(1500);
        assertThat(failing.received).as("nothing is sent to a disabled webhook").hasSize(sentBefore);
    }

    /** A redirect could lead anywhere, loopback included: it is not followed, and it is not a delivery. */
    @Test
    void aRedirectIsNeitherFollowedNorTakenForADelivery() throws Exception {
        Receiver elsewhere = receiver(request -> 200);
        Receiver redirecting = receiver(request -> {
            request.getResponseHeaders().add("Location", elsewhere.url());
            return 302;
        });
        long webhook = register(redirecting, List.of("conversation.created"));

        inbox.startConversation("Cristóbal Villar");

        await().atMost(Duration.ofSeconds(10)).until(() -> redirecting.received.size() >= 2);
        JsonNode delivery = inbox.get("/api/v1/webhooks/{id}/deliveries", webhook).get("items").get(0);
        assertThat(delivery.get("state").asString()).isEqualTo("PENDING");
        assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(302);
        assertThat(delivery.get("attempts").get(0).get("succeeded").asBoolean()).isFalse();
        assertThat(elsewhere.received).isEmpty();
    }

    @Test
    void aReceiverThatNeverAnswersDelaysNeitherTheApiNorOtherReceivers() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Receiver dead = receiver(request -> {
            never.await();
            return 200;
        });
        Receiver healthy = receiver(request -> 200);
        register(dead, List.of());
        register(healthy, List.of("conversation.created"));
        try {
            // a create that waited for the dead receiver would wait out the webhook timeout (2 s here): 10 s for
            // five; without, a few hundred milliseconds however loaded the machine
            long started = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                inbox.startConversation("Visitor " + i);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("five creates").isLessThan(Duration.ofSeconds(6));
            // how many the dead receiver holds at once: WebhookDeliveryGuaranteesIT (its timeout outlasts the test)
            await().atMost(Duration.ofSeconds(5)).until(() -> healthy.received.size() == 5);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aHealthyReceiverKeepsUpWithABurstInsteadOfWaitingForEachPoll() throws Exception {
        CountDownLatch burstCreated = new CountDownLatch(1);
        Receiver receiver = receiver(request -> {
            burstCreated.await(1, TimeUnit.MINUTES);
            return 200;
        });
        register(receiver, List.of("conversation.created"));

        int burst = 200;
        for (int i = 0; i < burst; i++) {
            inbox.startConversation("Visitor " + i);
        }
        awaitEverythingTicked(); // every delivery exists: the receiver holds the first two, the rest are due

        // from here, two per poll (0.1 s here) would need 99 polls, 9.9 s; one delivery claiming the next needs
        // about one on a quiet machine (over six seen on one running five times the work its cores can)
        Set<String> held = receiver.received.stream().map(Received::eventId).collect(Collectors.toSet());
        burstCreated.countDown();
        await().atMost(Duration.ofSeconds(9)).until(() -> receiver.received.stream().map(Received::eventId)
                .distinct().count() == burst);
        // those held while the burst was created may have outlasted the webhook timeout (2 s here) and been
        // sent again; no other was sent twice
        assertThat(receiver.received.stream().collect(Collectors.groupingBy(Received::eventId, Collectors.counting())))
                .as("events sent more than once, of %s held", held)
                .allSatisfy((eventId, sends) -> assertThat(sends == 1 || held.contains(eventId)).isTrue());
    }

    @Test
    void webhooksAreListedWithoutTheirSecretAndADeletedOneGetsNoLaterEvents() throws Exception {
        Receiver receiver = receiver(request -> 200);
        long webhook = register(receiver, List.of("agent.updated"));

        JsonNode listed = inbox.get("/api/v1/webhooks").get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("events").get(0).asString()).isEqualTo("agent.updated");
        assertThat(listed.toString()).doesNotContain(SECRET);

        assertThat(WireResponse.send(inbox.http().delete().uri("/api/v1/webhooks/{id}", webhook)).status()).isEqualTo(204);
        inbox.createAgent("Cris Villar", "cris.villar@example.com");
        assertThat(inbox.get("/api/v1/webhooks").get("items")).isEmpty();
        assertThat(jdbc.sql("select count(*) from webhook_delivery").query(Long.class).single()).isZero();
        WireResponse.send(inbox.http().delete().uri("/api/v1/webhooks/{id}", webhook)).assertProblem(404);
    }

    @Test
    void anInvalidWebhookIsRefused() {
        for (String invalid : List.of(
                "{\"url\":\"ftp://example.com\",\"events\":[],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"not a url\",\"events\":[],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"http://example.com\",\"events\":[\"conversation.stolen\"],\"secret\":\"" + SECRET + "\"}",
                "{\"url\":\"http://example.com\",\"events\":[],\"secret\":\"short\"}",
                "{\"url\":\"http://example.com\",\"secret\":\"" + SECRET + "\"}")) {
            WireResponse.send(inbox.invalidRequests().http().post().uri("/api/v1/webhooks")
                    .contentType(MediaType.APPLICATION_JSON).body(invalid)).assertProblem(400);
        }
        assertThat(inbox.get("/api/v1/webhooks").get("items")).isEmpty();
    }

    private long register(Receiver receiver, List<String> events) {
        return inbox.post("/api/v1/webhooks", Map.of("url", receiver.url(), "events", events, "secret", SECRET),
                HttpStatus.CREATED).get("id").asLong();
    }

    /** What a partner does: recompute the HMAC over "t.body" and compare in constant time. */
    private static boolean verify(String header, String body, String secret) throws Exception {
        String timestamp = header.split(",")[0].substring(2);
        String signature = header.split(",")[1].substring(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
    }

    interface Answer {
        int status(HttpExchange request) throws Exception;
    }

    record Received(String body, String signature, String eventId, long nanos) {
    }

    record Receiver(HttpServer server, List<Received> received) {
        String url() {
            return "http://localhost:" + server.getAddress().getPort() + "/hooks";
        }
    }

    private Receiver receiver(Answer answer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        List<Received> received = new CopyOnWriteArrayList<>();
        server.createContext("/hooks", exchange -> {
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Inbox-Signature"),
                        exchange.getRequestHeaders().getFirst("X-Inbox-Event-Id"), System.nanoTime()));
                exchange.sendResponseHeaders(answer.status(exchange), -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        Receiver receiver = new Receiver(server, received);
        receivers.add(receiver);
        return receiver;
    }
}
