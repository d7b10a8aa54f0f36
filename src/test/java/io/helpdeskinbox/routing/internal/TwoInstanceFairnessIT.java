package io.helpdeskinbox.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * BALANCED under real contention: clients start conversations at once through two app instances
 * sharing the database, so both instances' engines serve the queue at the same time. With room for
 * every conversation they are spread evenly; with more conversations than room, every agent fills to
 * its capacity (its own, or the settings' default) and no further, and the rest wait.
 */
class TwoInstanceFairnessIT extends InboxIntegrationTest {

    private static final int CLIENTS = 32;
    private static final int CONVERSATIONS = 150;
    private static final int AGENTS = 10;
    /** More than the room of the agents in the capacity test: 3 x 2 (their own) + 3 x 3 (the default) = 15. */
    private static final int OVERFLOWING = 40;
    private static final int DEFAULT_CAPACITY = 3;

    @Test
    void conversationsStartedConcurrentlyThroughTwoInstancesAreSpreadEvenlyAndAssignedOnce() throws Exception {
        List<Long> agents = onlineAgents(20);

        try (SecondInstance second = new SecondInstance()) {
            List<InboxClient> instances = List.of(inbox, second.client());
            List<Long> started = startConcurrently(instances, CONVERSATIONS);

            second.awaitQueueServed();
            assertThat(started).allSatisfy(id -> assertThat(inbox.conversation(id)
                    .get("status").asString()).isEqualTo("ASSIGNED"));
            List<Integer> loads = agents.stream().map(inbox::activeConversations).toList();
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

    /**
     * The stream replayed: counters from zero, every assignment in stream order must go to an agent
     * whose counter is the lowest of all (all have room), the counters of the assignments of the
     * same commit counted in turn; and each event's counter is that agent's counter once its commit's
     * assignments are all counted (the counters of the commit that contained the change).
     */
    @Test
    void replayingARushThroughTwoInstancesEveryAssignmentWentToTheLeastBusyAgentAtItsCommit() throws Exception {
        List<Long> agents = onlineAgents(40);
        int rush = 2 * CONVERSATIONS + 7; // not a multiple of the agents: the loads end one apart

        try (SecondInstance second = new SecondInstance();
                SseClient stream = SseClient.connect("http://localhost:" + port, ADMIN_TOKEN, null,
                        "types=conversation.assigned")) {
            startConcurrently(List.of(inbox, second.client()), rush);
            List<SseClient.Event> assignments = stream.take(rush, Duration.ofSeconds(60));

            Map<Long, Integer> counters = new LinkedHashMap<>();
            agents.forEach(agent -> counters.put(agent, 0));
            List<SseClient.Event> commit = new ArrayList<>();
            for (SseClient.Event assignment : assignments) {
                if (!commit.isEmpty() && !sameCommit(commit.get(0), assignment)) {
                    assertCountersAsCommitted(commit, counters);
                    commit.clear();
                }
                long assignee = assignment.data().get("conversation").get("assignee").get("id").asLong();
                int lowest = counters.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
                assertThat(counters.get(assignee)).as("agent %d's counter when %s went to it (all: %s)", assignee,
                        assignment.data().get("conversation").get("id"), counters).isEqualTo(lowest);
                counters.merge(assignee, 1, Integer::sum);
                commit.add(assignment);
            }
            assertCountersAsCommitted(commit, counters);

            List<Integer> loads = agents.stream().map(inbox::activeConversations).toList();
            assertThat(loads.stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - loads.stream().mapToInt(Integer::intValue).min().orElseThrow()).as("loads %s", loads)
                    .isLessThanOrEqualTo(1);
            assertThat(loads.stream().mapToInt(Integer::intValue).sum()).isEqualTo(rush);
        }
    }

    /** An engine commit's events share their time ({@code at}) and follow each other in the stream. */
    private static boolean sameCommit(SseClient.Event first, SseClient.Event next) {
        return first.data().get("at").asString().equals(next.data().get("at").asString());
    }

    private static void assertCountersAsCommitted(List<SseClient.Event> commit, Map<Long, Integer> counters) {
        for (SseClient.Event assignment : commit) {
            JsonNode agent = assignment.data().get("agents").get(0);
            assertThat(agent.get("activeConversations").asInt()).as("the counter %s carries", assignment.data())
                    .isEqualTo(counters.get(agent.get("id").asLong()));
        }
    }

    @Test
    void moreWaitingThanRoomThroughTwoInstancesFillsEveryAgentToItsCapacityAndNoFurther() throws Exception {
        inbox.assignmentSettings(true, "BALANCED", DEFAULT_CAPACITY, "PREVIOUS_AGENT_IF_ONLINE");
        Map<Long, Integer> capacities = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            capacities.put(inbox.createAgent("Own " + i, "own" + i + "@example.com", 2), 2);
            capacities.put(inbox.createAgent("Default " + i, "default" + i + "@example.com", null), DEFAULT_CAPACITY);
        }
        capacities.keySet().forEach(agent -> inbox.setAvailability(agent, "ONLINE"));
        int room = capacities.values().stream().mapToInt(Integer::intValue).sum();

        try (SecondInstance second = new SecondInstance();
                SseClient stream = SseClient.connect("http://localhost:" + port, ADMIN_TOKEN, null, null)) {
            List<InboxClient> instances = List.of(inbox, second.client());
            List<Long> started = startConcurrently(instances, OVERFLOWING);
            awaitQueueServed();
            second.awaitQueueServed();

            // every change the stream delivers carries the counters its transaction committed: none above a capacity
            List<SseClient.Event> changes = changesUntil(stream, OVERFLOWING, room);
            for (SseClient.Event change : changes) {
                change.data().path("agents").forEach(agent -> assertThat(agent.get("activeConversations").asInt())
                        .as("agent %s in %s %s", agent.get("id"), change.name(), change.data())
                        .isLessThanOrEqualTo(capacities.get(agent.get("id").asLong())));
            }
            assertThat(changes).filteredOn(change -> change.name().equals("conversation.assigned"))
                    .as("automatic assignments").hasSize(room)
                    .allSatisfy(change -> assertThat(capacities).containsKey(
                            change.data().get("conversation").get("assignee").get("id").asLong()));

            capacities.forEach((agent, capacity) -> assertThat(inbox.activeConversations(agent)).as("agent %s", agent)
                    .isEqualTo(capacity));
            List<Long> assigned = inbox.folder("assigned");
            List<Long> waiting = inbox.folder("unassigned");
            assertThat(assigned).hasSize(room);
            assertThat(waiting).as("the surplus waits").hasSize(OVERFLOWING - room);
            assertThat(concat(assigned, waiting)).containsExactlyInAnyOrderElementsOf(started);
            assertThat(assigned).allSatisfy(conversation -> assertThat(timeline(conversation))
                    .containsExactly("CREATED", "ASSIGNED AUTO"));
            assertThat(waiting).allSatisfy(conversation -> {
                JsonNode now = inbox.conversation(conversation);
                assertThat(now.get("status").asString()).isEqualTo("UNASSIGNED");
                assertThat(now.get("waitingForAgent").asBoolean()).isTrue();
            });
            assertCounts(OVERFLOWING - room, room);

            // room freed by an archive through the second instance: the conversation waiting longest, no other
            long archived = assigned.get(0);
            long archivedFrom = inbox.conversation(archived).get("assignee").get("id").asLong();
            assertThat(second.client().action(archived, "archive", null).status()).isEqualTo(200);
            second.awaitQueueServed();
            assertServedNext(waiting.get(0), archivedFrom);
            assertThat(inbox.folder("unassigned")).containsExactlyElementsOf(waiting.subList(1, waiting.size()));

            // room freed by an unassign through the first: the next one goes to that agent, the released one
            // waits at the back of the queue (never straight back to the agent who let it go)
            long released = assigned.stream().filter(c -> c != archived).findFirst().orElseThrow();
            long releasedFrom = inbox.conversation(released).get("assignee").get("id").asLong();
            assertThat(inbox.action(released, "unassign", null).status()).isEqualTo(200);
            assertServedNext(waiting.get(1), releasedFrom);
            assertThat(inbox.folder("unassigned")).containsExactlyElementsOf(
                    concat(waiting.subList(2, waiting.size()), List.of(released)));

            capacities.forEach((agent, capacity) -> assertThat(inbox.activeConversations(agent)).as("agent %s", agent)
                    .isEqualTo(capacity));
            assertCounts(OVERFLOWING - room - 1, room);
            for (InboxClient instance : instances) {
                JsonNode report = instance.consistencyReport();
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
            }
        }
    }

    /** {@link #AGENTS} agents of this capacity, ONLINE. */
    private List<Long> onlineAgents(int capacity) {
        return IntStream.range(0, AGENTS).mapToObj(i -> {
            long agent = inbox.createAgent("Agent " + i, "agent" + i + "@example.com", capacity);
            inbox.setAvailability(agent, "ONLINE");
            return agent;
        }).toList();
    }

    private List<Long> startConcurrently(List<InboxClient> instances, int conversations) throws Exception {
        AtomicInteger next = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<List<Long>>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                InboxClient instance = instances.get(c % 2);
                running.add(clients.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int n = next.getAndIncrement(); n < conversations; n = next.getAndIncrement()) {
                        mine.add(instance.startWaitingConversation("Visitor " + n).get("id").asLong());
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<Long> started = new ArrayList<>();
            for (Future<List<Long>> client : running) {
                started.addAll(client.get(60, TimeUnit.SECONDS));
            }
            assertThat(started).hasSize(conversations);
            return started;
        } finally {
            clients.shutdownNow();
        }
    }

    /** The stream's changes until it has delivered every creation and every assignment expected. */
    private static List<SseClient.Event> changesUntil(SseClient stream, int created, int assigned) throws Exception {
        List<SseClient.Event> changes = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count(changes, "conversation.created") < created || count(changes, "conversation.assigned") < assigned) {
            SseClient.Event event = stream.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            assertThat(event).as("the stream's next change (so far %d created, %d assigned)",
                    count(changes, "conversation.created"), count(changes, "conversation.assigned")).isNotNull();
            if (!event.isCounted()) {
                changes.add(event);
            }
        }
        return changes;
    }

    private static long count(List<SseClient.Event> changes, String name) {
        return changes.stream().filter(change -> change.name().equals(name)).count();
    }

    /** The conversation waiting longest went, automatically, to the one agent with room. */
    private void assertServedNext(long next, long agentWithRoom) {
        JsonNode served = inbox.conversation(next);
        assertThat(served.get("status").asString()).as("%s", served).isEqualTo("ASSIGNED");
        assertThat(served.get("assignee").get("id").asLong()).isEqualTo(agentWithRoom);
        assertThat(timeline(next)).containsExactly("CREATED", "ASSIGNED AUTO");
    }

    private void assertCounts(int unassigned, int assigned) {
        JsonNode counts = inbox.get("/api/v1/conversations/counts");
        assertThat(counts.get("unassigned").asInt()).as("%s", counts).isEqualTo(unassigned);
        assertThat(counts.get("assigned").asInt()).as("%s", counts).isEqualTo(assigned);
        assertThat(counts.get("all").asInt()).as("%s", counts).isEqualTo(OVERFLOWING);
    }

    /** Each entry as "TYPE", with the reason for an assignment. */
    private List<String> timeline(long conversationId) {
        return StreamSupport.stream(inbox.get("/api/v1/conversations/{id}/events", conversationId).get("items")
                .spliterator(), false).map(event -> event.get("type").asString().equals("ASSIGNED")
                        ? "ASSIGNED " + event.get("reason").asString() : event.get("type").asString()).toList();
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
