package io.helpdeskinbox.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.InstanceProcess;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.WireResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What webhook delivery promises, against receivers that hold requests open for as long as a test
 * says: at most two deliveries of a webhook in flight per webhook per instance, a delivery given up
 * after its last attempt, nothing sent after a webhook is deleted, a delivery claimed by an instance
 * that died delivered by another once its lease ends, and two instances never sending one attempt twice.
 *
 * <p>The timeout here outlasts every test: a request the receiver holds stays in flight until the
 * test answers it. With the usual two seconds the deliverer would give up on it and retry, and a
 * retry would look like one more delivery in flight. Four attempts, backoff capped at half a
 * second: a delivery is given up about a second after its first attempt.
 */
@TestPropertySource(properties = {
        "inbox.webhooks.timeout=PT60S",
        "inbox.webhooks.max-attempts=4",
        "inbox.webhooks.max-backoff=PT0.5S",
        // receivers here fail on purpose; none is to be disabled meanwhile (WebhooksIT covers that)
        "inbox.webhooks.disable-after=PT1H"})
class WebhookDeliveryGuaranteesIT extends InboxIntegrationTest {

    private static final String SECRET = "partner-secret-0123456789";

    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();
    private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();

    @AfterEach
    void answerEverythingAndStopReceivers() {
        gates.forEach(CountDownLatch::countDown);
        receivers.forEach(Receiver::close);
    }

    /**
     * The limit is per instance (another instance may have two more in flight, as the lease test below
     * shows): this one instance has two in flight and never a third.
     */
    @Test
    void anInstanceHasTwoDeliveriesOfAWebhookInFlightAtOnceAndNeverMore() {
        CountDownLatch answer = gate();
        Receiver held = receiver((request, arrival) -> {
            hold(answer);
            return 200;
        });
        Receiver other = receiver((request, arrival) -> 200);
        register(held, List.of("conversation.created"));
        register(other, List.of("conversation.created"));

        for (int i = 0; i < 5; i++) {
            inbox.startConversation("Visitor " + i);
        }

        // two get in flight (a limit of one would stop at one)...
        await("two requests held at once").atMost(Duration.ofSeconds(10)).until(() -> held.open.get() >= 2);
        // ...and no third: an event created now reaching the other receiver means the deliverer claimed
        // again with the held receiver's three others due, and without the limit that claim took them;
        // one it took is given a moment to arrive
        inbox.startConversation("Visitor 5");
        await().atMost(Duration.ofSeconds(10)).until(() -> other.received.size() == 6);
        await("no third request while two are held").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> held.received.size() == 2);
        assertThat(held.mostOpen.get()).as("in flight at once").isEqualTo(2);

        answer.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> held.received.size() == 6);
        assertThat(held.mostOpen.get()).as("in flight at once, ever").isEqualTo(2);
        assertThat(held.received).extracting(Request::eventId).doesNotHaveDuplicates();
    }

    @Test
    void aDeliveryIsGivenUpAfterItsLastAttemptAndNeverSentAgain() {
        Receiver failing = receiver((request, arrival) -> 500);
        long webhook = register(failing, List.of("conversation.created"));

        inbox.startConversation("Cristóbal Villar");

        await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(
                deliveries(webhook).path(0).path("state").asString("")));
        JsonNode delivery = deliveries(webhook).get(0);
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(4);
        assertThat(absent(delivery.path("nextAttemptAt"))).as("next attempt of %s", delivery).isTrue();
        assertThat(absent(delivery.path("finishedAt"))).as("finished at, of %s", delivery).isFalse();
        JsonNode attempts = delivery.get("attempts");
        assertThat(attempts).extracting(attempt -> attempt.get("attempt").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(attempts).extracting(attempt -> attempt.get("statusCode").asInt()).containsOnly(500);
        assertThat(attempts).extracting(attempt -> attempt.get("succeeded").asBoolean()).containsOnly(false);
        assertThat(failing.received).extracting(Request::attempt).containsExactly(1, 2, 3, 4);

        // a fifth attempt would come at most the capped backoff (0.5 s) and a poll after the fourth
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> failing.received.size() == 4);
        assertThat(deliveries(webhook).get(0).get("state").asString()).isEqualTo("FAILED");
    }

    /**
     * "Its pending deliveries are not sent": with every delivery failed once and queued for a retry,
     * and two retries in flight (at the receiver already when the delete comes), nothing more
     * reaches the receiver once the delete has answered, not even when the two in flight fail.
     */
    @Test
    void deletingAWebhookWithRetriesQueuedSendsNothingAfterTheDelete() {
        CountDownLatch answerFirstAttempts = gate();
        CountDownLatch answerRetries = gate();
        Receiver failing = receiver((request, arrival) -> {
            hold(request.attempt() == 1 ? answerFirstAttempts : answerRetries);
            return 500;
        });
        Receiver other = receiver((request, arrival) -> 200);
        long webhook = register(failing, List.of("conversation.created"));
        register(other, List.of("conversation.created"));

        for (int i = 0; i < 5; i++) {
            inbox.startConversation("Visitor " + i);
        }
        // the first two first attempts wait until all five deliveries exist (the tick holding an event
        // creates them): then every first attempt is due before any retry, and is sent before one
        awaitEverythingTicked();
        answerFirstAttempts.countDown();
        // every first attempt failed; two retries are in flight, held, and three are due behind them
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.open.get() == 2
                && failing.received.stream().filter(request -> request.attempt() == 1).count() == 5);
        assertThat(deliveries(webhook)).extracting(delivery -> delivery.get("state").asString())
                .containsExactly("PENDING", "PENDING", "PENDING", "PENDING", "PENDING");
        int sentBeforeTheDelete = failing.received.size();

        assertThat(WireResponse.send(inbox.http().delete().uri("/api/v1/webhooks/{id}", webhook)).status()).isEqualTo(204);
        answerRetries.countDown();

        // the two in flight are answered (500) and logged; then the deliverer claims on: a later event
        // reaches the other receiver, and the retries were due long before it
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries(webhook).valueStream()
                .mapToInt(delivery -> delivery.get("attempts").size()).sum() >= 7);
        inbox.startConversation("After the delete");
        await().atMost(Duration.ofSeconds(10)).until(() -> other.received.size() == 6);
        await("nothing sent after the delete (" + sentBeforeTheDelete + " requests before it)")
                .during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> failing.received.size() == sentBeforeTheDelete);
        assertThat(failing.received).as("requests the receiver got").hasSize(sentBeforeTheDelete);

        JsonNode log = deliveries(webhook);
        assertThat(log).hasSize(5);
        for (JsonNode delivery : log) {
            assertThat(delivery.get("state").asString()).as("%s", delivery).isEqualTo("FAILED");
            assertThat(absent(delivery.path("nextAttemptAt"))).as("next attempt of %s", delivery).isTrue();
        }
        assertThat(log.valueStream().map(delivery -> delivery.get("attempts").size()))
                .as("attempts logged per delivery").containsExactlyInAnyOrder(1, 1, 1, 2, 2);
    }

    /**
     * A claim is a lease: while the instance that claimed a delivery is sending it, no other sends it
     * too; when that instance dies mid-delivery (killed, its request in flight, nothing recorded),
     * another sends it once the lease has ended and not before (at-least-once: the receiver gets the
     * event twice and de-duplicates on its id). The dying instance leases for its timeout and margin,
     * 10 + 5 s here instead of the production 5 + 30 s, and this instance meanwhile delivers what else is due.
     */
    @Test
    void aDeliveryClaimedByAnInstanceThatDiesIsDeliveredByAnotherOnceItsLeaseEndsAndNotBefore() throws Exception {
        CountDownLatch answerHeld = gate();
        Receiver receiver = receiver((request, arrival) -> {
            hold(answerHeld);
            return 200;
        });
        Duration dyingTimeout = Duration.ofSeconds(10);
        Duration dyingLease = dyingTimeout.plusSeconds(5);
        try (InstanceProcess dying = new InstanceProcess(Map.of("inbox.webhooks.timeout", "PT10S",
                "inbox.webhooks.lease-margin", "PT5S"))) {
            long webhook = register(receiver, List.of("conversation.created"));
            // events one at a time, every request held, until the dying instance has one in flight: this
            // instance holds at most two of the webhook's, so by the third at the latest
            Request claimedByTheDying = null;
            Instant leaseEnd = null;
            int event = 0;
            while (claimedByTheDying == null) {
                assertThat(++event).as("events before the dying instance claimed one").isLessThanOrEqualTo(3);
                int before = receiver.received.size();
                inbox.startConversation("Visitor " + event);
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() > before);
                Request sent = receiver.received.get(before);
                Instant leased = Instant.parse(delivery(webhook, sent.eventId()).get("nextAttemptAt").asString());
                // this instance leases for its 60 s timeout and 30 s: told apart from the dying one's 15 s
                if (leased.isBefore(sent.arrivedAt().plusSeconds(45))) {
                    dying.kill();
                    claimedByTheDying = sent;
                    leaseEnd = leased;
                }
            }
            String eventId = claimedByTheDying.eventId();
            assertThat(Duration.between(claimedByTheDying.arrivedAt(), leaseEnd)).as("the dying instance's lease")
                    .isGreaterThan(dyingTimeout).isLessThanOrEqualTo(dyingLease);

            // this instance is free again and claims on: it delivers a later event but not the leased one
            answerHeld.countDown();
            inbox.startConversation("After the death");
            int events = event + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode log = deliveries(webhook);
                return log.size() == events && log.valueStream()
                        .filter(delivery -> !delivery.get("eventId").asString().equals(eventId))
                        .allMatch(delivery -> delivery.get("state").asString().equals("DELIVERED"));
            });
            JsonNode leased = delivery(webhook, eventId);
            assertThat(leased.get("attempts")).as("the dead instance recorded nothing").isEmpty();

            Instant deadline = leaseEnd;
            await().atMost(Duration.between(Instant.now(), deadline).plusSeconds(20))
                    .until(() -> "DELIVERED".equals(delivery(webhook, eventId).get("state").asString()));
            List<Request> sends = receiver.received.stream().filter(request -> request.eventId().equals(eventId)).toList();
            assertThat(sends).as("the claimed event, sent by the dying instance and then by this one").hasSize(2);
            assertThat(sends.get(1).arrivedAt()).as("sent again once the lease ended (%s), not before", deadline)
                    .isAfterOrEqualTo(deadline);
            JsonNode attempts = delivery(webhook, eventId).get("attempts");
            JsonNode last = attempts.get(attempts.size() - 1);
            assertThat(last.get("succeeded").asBoolean()).as("%s", attempts).isTrue();
            assertThat(last.get("statusCode").asInt()).isEqualTo(200);
        }
    }

    @Test
    void twoInstancesDeliveringTogetherNeverSendOneAttemptTwiceAndMissNoEvent() throws Exception {
        // one event in three fails its first attempt, so retries are claimed as well, by either instance
        Receiver receiver = receiver((request, arrival) ->
                request.attempt() == 1 && Math.floorMod(request.eventId().hashCode(), 3) == 0 ? 500 : 200);
        long webhook = register(receiver, List.of("conversation.created"));
        int writers = 4;
        int perWriter = 15;

        try (SecondInstance second = new SecondInstance()) {
            InboxClient there = second.client();
            double deliveredHereBefore = delivered(inbox);
            CyclicBarrier start = new CyclicBarrier(writers);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    InboxClient client = w % 2 == 0 ? inbox : there;
                    int writer = w;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perWriter; i++) {
                            client.startConversation("Visitor " + writer + "-" + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            int events = writers * perWriter;
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode log = deliveries(webhook);
                return log.size() == events
                        && log.valueStream().allMatch(delivery -> delivery.get("state").asString().equals("DELIVERED"));
            });
            assertThat(receiver.received).extracting(request -> request.eventId() + " attempt " + request.attempt())
                    .doesNotHaveDuplicates();
            assertThat(receiver.received.stream().map(Request::eventId).distinct())
                    .containsExactlyInAnyOrderElementsOf(deliveries(webhook).valueStream()
                            .map(delivery -> delivery.get("eventId").asString()).toList())
                    .hasSize(events);
            assertThat(receiver.received).filteredOn(request -> request.attempt() == 2).isNotEmpty();
            // without both taking part this would prove nothing about two instances
            assertThat(delivered(there)).as("deliveries by the second instance").isPositive();
            assertThat(delivered(inbox) - deliveredHereBefore).as("deliveries by the first instance").isPositive();
        }
    }

    private long register(Receiver receiver, List<String> events) {
        return inbox.post("/api/v1/webhooks", Map.of("url", receiver.url(), "events", events, "secret", SECRET),
                HttpStatus.CREATED).get("id").asLong();
    }

    /** The delivery log, newest first (every delivery of these tests fits in one page). */
    private JsonNode deliveries(long webhook) {
        return inbox.get("/api/v1/webhooks/{id}/deliveries?limit=100", webhook).get("items");
    }

    private JsonNode delivery(long webhook, String eventId) {
        return deliveries(webhook).valueStream().filter(delivery -> delivery.get("eventId").asString().equals(eventId))
                .findFirst().orElseThrow();
    }

    /** Successful webhook attempts an instance has made, from its metrics (none yet: no meter). */
    private static double delivered(InboxClient instance) {
        WireResponse metric = WireResponse.send(instance.http().get()
                .uri("/actuator/metrics/inbox.webhook.deliveries?tag=outcome:delivered"));
        if (metric.status() == 404) {
            return 0;
        }
        assertThat(metric.status()).as(metric.body()).isEqualTo(200);
        return metric.json().get("measurements").get(0).get("value").asDouble();
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    /** A gate a receiver holds requests at; every gate opens at the end of the test. */
    private CountDownLatch gate() {
        CountDownLatch gate = new CountDownLatch(1);
        gates.add(gate);
        return gate;
    }

    private static void hold(CountDownLatch gate) throws InterruptedException {
        if (!gate.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("a test held a request for two minutes");
        }
    }

    interface Answer {
        /** @param arrival how many requests came before this one */
        int status(Request request, int arrival) throws Exception;
    }

    record Request(String eventId, int attempt, Instant arrivedAt) {
    }

    /** A receiver on loopback: records each request as it arrives and counts those not yet answered. */
    private Receiver receiver(Answer answer) {
        try {
            Receiver receiver = new Receiver(answer);
            receivers.add(receiver);
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Receiver {

        final List<Request> received = new CopyOnWriteArrayList<>();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger mostOpen = new AtomicInteger();
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        Receiver(Answer answer) throws IOException {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/hooks", exchange -> {
                int status = 500;
                int nowOpen = open.incrementAndGet();
                mostOpen.accumulateAndGet(nowOpen, Math::max);
                try {
                    exchange.getRequestBody().readAllBytes();
                    Request request = new Request(exchange.getRequestHeaders().getFirst("X-Inbox-Event-Id"),
                            Integer.parseInt(exchange.getRequestHeaders().getFirst("X-Inbox-Delivery-Attempt")),
                            Instant.now());
                    int arrival;
                    synchronized (received) {
                        arrival = received.size();
                        received.add(request);
                    }
                    status = answer.status(request, arrival);
                } catch (Exception e) {
                    status = 500;
                } finally {
                    open.decrementAndGet();
                    try {
                        exchange.sendResponseHeaders(status, -1);
                    } finally {
                        exchange.close();
                    }
                }
            });
            server.setExecutor(threads);
            server.start();
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort() + "/hooks";
        }

        void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
