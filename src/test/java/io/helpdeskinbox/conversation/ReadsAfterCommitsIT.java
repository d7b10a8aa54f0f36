package io.helpdeskinbox.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The reads every console repeats at once (folder counts, a folder's first page, the agent list)
 * share queries when they arrive together. Sixteen clients here write and then read, all at once: a
 * read must still show every change whose response came back before it was sent.
 */
class ReadsAfterCommitsIT extends InboxIntegrationTest {

    private static final int CLIENTS = 16;
    private static final int ROUNDS = 20;

    @Test
    void theFolderCountsShowEveryConversationCreatedBeforeTheyWereAskedFor() throws Exception {
        AtomicLong created = new AtomicLong();
        List<String> behind = race(client -> {
            if (client % 2 == 1) {
                // half the clients only read, so that a counts query is nearly always in the air
                for (int i = 0; i < 4; i++) {
                    inbox.get("/api/v1/conversations/counts");
                }
                return null;
            }
            inbox.startConversation("Visitor " + client);
            long createdBefore = created.incrementAndGet();
            JsonNode counts = inbox.get("/api/v1/conversations/counts");
            return counts.get("all").asLong() >= createdBefore ? null
                    : "counted " + counts.get("all") + " after " + createdBefore + " were created";
        });

        assertThat(behind).isEmpty();
        assertThat(inbox.get("/api/v1/conversations/counts").get("all").asLong()).isEqualTo((long) CLIENTS / 2 * ROUNDS);
    }

    @Test
    void theFirstPageOfAllShowsTheConversationItsClientJustCreated() throws Exception {
        // most recently updated first: the sixteen clients create at most one more each meanwhile
        List<String> missing = race(client -> {
            long conversation = inbox.startConversation("Visitor " + client);
            JsonNode page = inbox.get("/api/v1/conversations?folder=all&limit=100");
            return ids(page.get("items")).contains(conversation) ? null
                    : "conversation " + conversation + " not on the first page";
        });

        assertThat(missing).isEmpty();
    }

    @Test
    void theAgentListShowsTheAgentItsClientJustCreated() throws Exception {
        List<String> missing = race(client -> {
            long agent = inbox.createAgent("Agent " + client, "agent" + client + "." + System.nanoTime() + "@example.com");
            return ids(inbox.get("/api/v1/agents").get("items")).contains(agent) ? null : "agent " + agent + " not listed";
        });

        assertThat(missing).isEmpty();
    }

    /** Each of {@link #CLIENTS} clients runs {@code step} {@link #ROUNDS} times, all starting together; returns what went wrong. */
    private List<String> race(Step step) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        String problem = step.run(client);
                        if (problem != null) {
                            wrong.add(problem);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        return List.copyOf(wrong);
    }

    private static List<Long> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(item -> item.get("id").asLong()).toList();
    }

    @FunctionalInterface
    private interface Step {
        /** @return what went wrong, or null */
        String run(int client) throws Exception;
    }
}
