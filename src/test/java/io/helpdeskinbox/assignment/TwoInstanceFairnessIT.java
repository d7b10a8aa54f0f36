package io.helpdeskinbox.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * BALANCED under real contention: 32 clients start 150 conversations at once through two app
 * instances sharing the database, while 10 ONLINE agents with capacity 20 wait for them.
 */
class TwoInstanceFairnessIT extends InboxIntegrationTest {

    private static final int CLIENTS = 32;
    private static final int CONVERSATIONS = 150;
    private static final int AGENTS = 10;

    @Test
    void conversationsStartedConcurrentlyThroughTwoInstancesAreSpreadEvenlyAndAssignedOnce() throws Exception {
        List<Long> agents = IntStream.range(0, AGENTS).mapToObj(i -> {
            long agent = inbox.createAgent("Agent " + i, "agent" + i + "@example.com", 20);
            inbox.setAvailability(agent, "ONLINE");
            return agent;
        }).toList();

        try (SecondInstance second = new SecondInstance()) {
            List<InboxClient> instances = List.of(inbox, second.client());
            AtomicInteger started = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<List<JsonNode>>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                InboxClient instance = instances.get(c % 2);
                running.add(clients.submit(() -> {
                    go.await();
                    List<JsonNode> mine = new ArrayList<>();
                    for (int n = started.getAndIncrement(); n < CONVERSATIONS; n = started.getAndIncrement()) {
                        mine.add(instance.startWaitingConversation("Visitor " + n));
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<JsonNode> responses = new ArrayList<>();
            for (Future<List<JsonNode>> client : running) {
                responses.addAll(client.get());
            }
            clients.shutdown();

            assertThat(responses).hasSize(CONVERSATIONS);
            second.awaitQueueServed();
            assertThat(responses).allSatisfy(created -> assertThat(inbox.conversation(created.get("id").asLong())
                    .get("status").asString()).isEqualTo("ASSIGNED"));
            List<Integer> loads = agents.stream()
                    .map(agent -> inbox.get("/api/v1/agents/{id}", agent).get("activeConversations").asInt()).toList();
            assertThat(loads).as("loads %s", loads).allMatch(load -> load == CONVERSATIONS / AGENTS);
            for (InboxClient instance : instances) {
                JsonNode report = instance.consistencyReport();
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
            }
        }
        assertThat(jdbc.sql("select count(*) from conversation where status = 'ASSIGNED'").query(Long.class).single())
                .isEqualTo(CONVERSATIONS);
        assertThat(jdbc.sql("""
                select count(*) from (select conversation_id from conversation_event where type = 'ASSIGNED'
                                      group by conversation_id having count(*) <> 1) twice""")
                .query(Long.class).single()).as("conversations assigned other than exactly once").isZero();
    }
}
