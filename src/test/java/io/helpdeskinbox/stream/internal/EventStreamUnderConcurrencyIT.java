package io.helpdeskinbox.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.helpdeskinbox.outbox.EventPayloads;
import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream contract under real concurrency: two instances on one database, 16 writers firing
 * random transitions and messages at a few conversations (so they queue on each other's row locks)
 * while the engine assigns, a stream consumer on each instance, one consumer that disconnects
 * half-way and resumes with {@code Last-Event-ID}, and a webhook receiving everything. Afterwards
 * each consumer must have received every committed change exactly once, each conversation's
 * versions in strictly increasing order, and as its last totals exactly what {@code /counts} says;
 * the webhook every event at least once under the same ids.
 */
class EventStreamUnderConcurrencyIT extends InboxIntegrationTest {

    private static final int WRITERS = 16;
    private static final int CONVERSATIONS = 12;
    private static final int AGENTS = 6;
    private static final List<String> ACTIONS = List.of("assign", "transfer", "unassign", "archive", "reopen",
            "handoff", "message");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyCommittedChangeReachesEveryStreamExactlyOnceInVersionOrderAndEveryWebhookAtLeastOnce() throws Exception {
        race(60, instances -> {
        });
    }

    /** Something done to the instances while the writers race. */
    interface Fault {
        void during(List<InboxClient> instances) throws Exception;
    }

    /**
     * The same race while the database ends every session of both instances, three times: requests
     * caught in it get 503 with Retry-After (never a 500), the pools, relays, listeners and webhook
     * workers reconnect by themselves, and the streams still carry every committed change exactly once.
     */
    @Test
    void theContractHoldsWhileTheDatabaseEndsTheAppsSessionsMidRace() throws Exception {
        String database = jdbc.sql("select current_database()").query(String.class).single();
        Map<Integer, Duration> recovery = new ConcurrentHashMap<>();
        // a third of the race is spent reconnecting: fewer changes commit, and each still has to arrive
        race(30, instances -> {
            for (int i = 0; i < 3; i++) {
                sleep(Duration.ofMillis(1200));
                terminateSessionsOf(database);
            }
            // the database answers again at once: each instance must write again within 5 s
            long terminated = System.nanoTime();
            for (int i = 0; i < instances.size(); i++) {
                while (InboxClient.exchange(instances.get(i).http().post().uri("/api/v1/conversations")
                        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                        .body(Map.of("visitor", Map.of("name", "After the outage")))).status() != 201
                        && System.nanoTime() - terminated < Duration.ofSeconds(10).toNanos()) {
                    sleep(Duration.ofMillis(50));
                }
                recovery.put(i, Duration.ofNanos(System.nanoTime() - terminated));
            }
        });
        assertThat(recovery.values()).as("from the last termination to a write through each instance").hasSize(2)
                .allSatisfy(took -> assertThat(took).isLessThan(Duration.ofSeconds(5)));
    }

    private static void terminateSessionsOf(String database) {
        TestDatabase.Coordinates db = TestDatabase.get();
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                    + "' and pid <> pg_backend_pid() and backend_type = 'client backend'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code fault} runs on its own thread while the writers do; more than {@code atLeast} changes must commit. */
    private void race(int atLeast, Fault fault) throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("inbox.stream-race.seconds", 6));
        List<Long> agents = IntStream.range(0, AGENTS)
                .mapToObj(i -> inbox.createAgent("Agent " + i, "agent" + i + "@example.com", 3)).toList();
        agents.stream().limit(2).forEach(agent -> inbox.setAvailability(agent, "ONLINE"));
        List<Long> conversations = IntStream.range(0, CONVERSATIONS)
                .mapToObj(i -> inbox.startConversation("Visitor " + i)).toList();
        Map<String, List<String>> delivered = new ConcurrentHashMap<>();
        HttpServer receiver = webhookReceiver(delivered);
        List<SseClient> streams = new ArrayList<>();

        try (SecondInstance second = new SecondInstance()) {
            // the race starts on a quiet outbox: what the consumers and the webhook owe is what comes after
            long startingTick = awaitEverythingTicked();
            inbox.post("/api/v1/webhooks", Map.of("url", "http://localhost:" + receiver.getAddress().getPort() + "/hooks",
                    "events", List.of(), "secret", "partner-secret-0123456789"), HttpStatus.CREATED);
            List<InboxClient> instances = List.of(inbox, second.client());
            streams.add(SseClient.connect(baseUrl(port), ADMIN_TOKEN, null, null));
            streams.add(SseClient.connect(baseUrl(second.port()), ADMIN_TOKEN, null, null));
            streams.add(SseClient.connect(baseUrl(second.port()), ADMIN_TOKEN, null, null));
            SseClient onFirst = streams.get(0);
            SseClient onSecond = streams.get(1);
            SseClient leaving = streams.get(2);

            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            CountDownLatch start = new CountDownLatch(1);
            Instant end = Instant.now().plus(duration);
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                InboxClient instance = instances.get(w % 2);
                running.add(writers.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (Instant.now().isBefore(end)) {
                        statuses.merge(randomChange(instance, conversations, agents, random), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            start.countDown();
            Thread faults = new Thread(() -> {
                try {
                    fault.during(instances);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "fault");
            faults.start();

            Thread.sleep(duration.toMillis() / 2);
            leaving.close();
            List<SseClient.Event> beforeLeaving = leaving.takeAll(Duration.ofMillis(200));
            String lastSeen = beforeLeaving.get(beforeLeaving.size() - 1).id();
            Thread.sleep(300); // changes commit while it is away
            // as a browser would, it tries again while the database is away (503)
            SseClient resumed = SseClient.connectRetrying(baseUrl(port), ADMIN_TOKEN, lastSeen, Duration.ofSeconds(10));
            streams.add(resumed);

            for (Future<?> writer : running) {
                writer.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
            }
            writers.shutdown();
            faults.join(Duration.ofSeconds(60).toMillis());
            assertThat(faults.isAlive()).as("the fault still running a minute after the writers stopped").isFalse();
            assertThat(statuses.keySet()).as("statuses %s (599: a 503 without Retry-After)", statuses)
                    .allMatch(status -> status < 500 || status == 503);
            second.awaitQueueServed();
            awaitQueueServed();
            awaitEverythingTicked();

            List<Committed> committed = jdbc.sql("""
                            -- a transition committed as one statement stores its changed row (EventPayloads)
                            select e.type, e.conversation_id,
                                   (coalesce(e.payload -> 'conversation', e.payload -> 'conversationRow') ->> 'version')::bigint as version
                            from outbox_event e, outbox_tick t
                            where t.id = :startingTick and not pg_visible_in_snapshot(e.tx_id, t.snap)""")
                    .param("startingTick", startingTick)
                    .query((rs, row) -> new Committed(rs.getString("type"), (Long) rs.getObject("conversation_id"),
                            (Long) rs.getObject("version")))
                    .list();
            assertThat(committed.size()).as("changes committed during the race; responses by status: %s", statuses)
                    .isGreaterThan(atLeast);
            JsonNode counts = inbox.get("/api/v1/conversations/counts");

            List<SseClient.Event> first = onFirst.takeAll(Duration.ofSeconds(1));
            assertReceivedExactlyOnceInOrder("a consumer on the first instance", first, committed, counts);
            assertReceivedExactlyOnceInOrder("a consumer on the second instance", onSecond.takeAll(Duration.ofSeconds(1)),
                    committed, counts);
            List<SseClient.Event> afterResuming = resumed.takeAll(Duration.ofSeconds(1));
            assertThat(afterResuming.get(0).name()).as("the totals first on resuming").isEqualTo("folders.counted");
            List<SseClient.Event> acrossTheReconnect = new ArrayList<>(beforeLeaving);
            acrossTheReconnect.addAll(afterResuming);
            assertReceivedExactlyOnceInOrder("a consumer that left and resumed", acrossTheReconnect, committed, counts);

            Set<String> changeIds = first.stream().filter(event -> !event.isCounted()).map(SseClient.Event::id)
                    .collect(Collectors.toSet());
            // at least once: a claim whose commit an instance never heard back about is sent when its lease
            // ends (the webhook timeout, 2 s here, plus 30 s)
            try {
                await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(delivered.keySet())
                        .as("webhook deliveries, by event id").isEqualTo(changeIds));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("Webhook deliveries missing for " + changeIds.stream()
                        .filter(id -> !delivered.containsKey(id)).sorted().toList() + "; deliveries not delivered: "
                        + jdbc.sql("""
                                select d.id, d.event_id, d.state, d.attempts, d.next_attempt_at,
                                       (select string_agg(coalesce(a.error, a.status_code::text), ' | ' order by a.attempt)
                                        from webhook_delivery_attempt a where a.delivery_id = d.id) as errors
                                from webhook_delivery d where d.state <> 'DELIVERED' order by d.id""")
                                .query().listOfRows(), e);
            }
            delivered.forEach((eventId, bodies) -> assertThat(bodies).allSatisfy(body ->
                    assertThat(JSON.readTree(body).get("id").asString()).isEqualTo(eventId)));
            assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
        } finally {
            streams.forEach(SseClient::close);
            receiver.stop(0);
        }
    }

    private record Committed(String type, Long conversationId, Long version) {
    }

    private static void assertReceivedExactlyOnceInOrder(String consumer, List<SseClient.Event> events,
            List<Committed> committed, JsonNode counts) {
        assertThat(events).extracting(SseClient.Event::id).as("%s: ids increase", consumer)
                .isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
        List<SseClient.Event> changes = events.stream().filter(event -> !event.isCounted()).toList();
        List<Committed> received = changes.stream().map(event -> new Committed(event.name(),
                event.data().path("conversation").path("id").isMissingNode() ? null
                        : event.data().get("conversation").get("id").asLong(),
                event.data().path("conversation").path("version").isMissingNode() ? null
                        : event.data().get("conversation").get("version").asLong())).toList();
        assertThat(received).as("%s: every committed change once", consumer).containsExactlyInAnyOrderElementsOf(committed);
        Map<Long, Long> lastVersion = new HashMap<>();
        for (Committed change : received) {
            if (change.conversationId() != null) {
                Long before = lastVersion.put(change.conversationId(), change.version());
                assertThat(before == null || before < change.version())
                        .as("%s: conversation %d went from version %s to %s", consumer, change.conversationId(), before,
                                change.version())
                        .isTrue();
            }
        }
        SseClient.Event lastTotals = events.stream().filter(SseClient.Event::isCounted).reduce((a, b) -> b).orElseThrow();
        assertThat(lastTotals.data().get("folderCounts")).as("%s: the last totals", consumer).isEqualTo(counts);
    }

    /** @return the response's status; 599 for a 503 without Retry-After */
    private static int randomChange(InboxClient instance, List<Long> conversations, List<Long> agents,
            ThreadLocalRandom random) {
        long conversation = conversations.get(random.nextInt(conversations.size()));
        String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
        WireResponse response;
        if (action.equals("message")) {
            response = InboxClient.exchange(instance.http().post().uri("/api/v1/conversations/{id}/messages", conversation)
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body(Map.of("author", "VISITOR", "text", "¿Hola?")));
        } else {
            Object body = action.equals("assign") || action.equals("transfer")
                    ? Map.of("agentId", agents.get(random.nextInt(agents.size())))
                    : null;
            response = instance.action(conversation, action, body);
        }
        return response.status() == 503 && response.headers().getFirst("Retry-After") == null ? 599 : response.status();
    }

    private static HttpServer webhookReceiver(Map<String, List<String>> delivered) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            delivered.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-Inbox-Event-Id"),
                    id -> new CopyOnWriteArrayList<>()).add(body);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return server;
    }

    private static String baseUrl(int port) {
        return "http://localhost:" + port;
    }
}
