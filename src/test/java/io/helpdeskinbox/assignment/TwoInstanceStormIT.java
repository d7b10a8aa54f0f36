package io.helpdeskinbox.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.springframework.http.MediaType;
import org.junit.jupiter.api.Test;

/**
 * Two app instances on one database, 32 clients firing random transitions at a small set of
 * conversations for a while (20 s by default, {@code -Dinbox.storm.seconds=N} to change), now and
 * then deactivating an agent and hiring a new one or switching an agent ONLINE or OFFLINE, while
 * auto-assignment serves every conversation sent back to the queue. Afterwards the counters must
 * equal the rows.
 */
class TwoInstanceStormIT extends InboxIntegrationTest {

    private static final int CLIENTS = 32;
    private static final int CONVERSATIONS = 40;
    private static final int AGENTS = 8;
    private static final List<String> ACTIONS = List.of("assign", "transfer", "unassign", "archive", "reopen", "handoff");
    private static final List<String> AVAILABILITIES = List.of("ONLINE", "OFFLINE", "BUSY");

    @Test
    void randomTransitionsThroughTwoInstancesLeaveEveryCounterEqualToTheRows() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("inbox.storm.seconds", 20));
        List<Long> conversations = IntStream.range(0, CONVERSATIONS)
                .mapToObj(i -> inbox.startConversation("Visitor " + i)).toList();
        List<Long> agents = new CopyOnWriteArrayList<>(IntStream.range(0, AGENTS)
                .mapToObj(i -> inbox.createAgent("Agent " + i, "agent" + i + "@example.com", 4)).toList());
        agents.stream().limit(AGENTS / 2).forEach(agent -> inbox.setAvailability(agent, "ONLINE"));
        AtomicInteger hired = new AtomicInteger(AGENTS);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

        try (SecondInstance second = new SecondInstance()) {
            List<InboxClient> instances = List.of(inbox, second.client());
            CountDownLatch start = new CountDownLatch(1);
            Instant end = Instant.now().plus(duration);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                InboxClient instance = instances.get(c % 2);
                running.add(clients.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (Instant.now().isBefore(end)) {
                        int dice = random.nextInt(200);
                        int status = dice == 0 ? replaceAnAgent(instance, agents, hired)
                                : dice < 6 ? switchAvailability(instance, agents, random)
                                : randomTransition(instance, conversations, agents, random);
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();

            assertThat(statuses.keySet()).as("statuses seen: %s", statuses).allMatch(s -> s < 500);
            assertThat(statuses.get(200).sum()).as("successful transitions").isGreaterThan(500);
            assertThat(jdbc.sql("select count(*) from conversation_event where reason = 'AUTO'").query(Long.class).single())
                    .as("automatic assignments during the storm").isPositive();
            for (InboxClient instance : instances) {
                var report = instance.consistencyReport();
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
                assertThat(report.get("counterDrift")).isEmpty();
            }
        }
        assertThat(countersThatDifferFromTheRows()).isZero();
    }

    private static int randomTransition(InboxClient instance, List<Long> conversations, List<Long> agents,
            ThreadLocalRandom random) {
        long conversationId = conversations.get(random.nextInt(conversations.size()));
        String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
        Object body = action.equals("assign") || action.equals("transfer")
                ? Map.of("agentId", agents.get(random.nextInt(agents.size())))
                : null;
        return instance.action(conversationId, action, body).status();
    }

    private static int switchAvailability(InboxClient instance, List<Long> agents, ThreadLocalRandom random) {
        long agent = agents.get(random.nextInt(agents.size()));
        String availability = AVAILABILITIES.get(random.nextInt(AVAILABILITIES.size()));
        int status = InboxClient.exchange(instance.http().put().uri("/api/v1/agents/{id}/availability", agent)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("availability", availability))).status();
        return status == 409 || status == 404 ? 200 : status; // the agent was just deactivated by another client
    }

    /** Deactivation races transfers away from the same agent: the deadlock-prone path. */
    private static int replaceAnAgent(InboxClient instance, List<Long> agents, AtomicInteger hired) {
        long leaving = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
        int n = hired.incrementAndGet();
        agents.add(instance.createAgent("Agent " + n, "agent" + n + "@example.com"));
        agents.remove(leaving);
        return InboxClient.exchange(instance.http().delete().uri("/api/v1/agents/{id}", leaving)).status() == 204 ? 200 : 500;
    }

    /** Straight from the tables, not through the API under test. */
    private long countersThatDifferFromTheRows() {
        return jdbc.sql("""
                        select count(*) from agent a
                        where a.active_conversations <> (select count(*) from conversation c
                                                         where c.assignee_id = a.id and c.status = 'ASSIGNED')""")
                .query(Long.class).single();
    }
}
