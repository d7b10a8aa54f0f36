package io.helpdeskinbox.assignment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.http.MediaType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two app instances on one database, 32 clients firing random transitions at a small set of
 * conversations for a while (20 s by default, {@code -Dinbox.storm.seconds=N} to change), now and
 * then deactivating an agent and hiring a new one or switching an agent ONLINE, BUSY or OFFLINE,
 * while auto-assignment serves conversations sent back to the queue. Every response must be one the
 * contract allows for its request, each counted as what it is. Afterwards every agent's counter
 * equals the conversations it holds and the folder counts equal the folders, as the API shows them
 * at one moment; with both engines idle, no conversation waits while an ONLINE agent (other than the
 * one that released it) has room (how many wait then is up to the storm, and may be none). Then every
 * conversation is sent back to wait with nobody ONLINE; two agents with room for three each come
 * ONLINE at once, one through each instance, and get six, the rest waiting with no room anywhere;
 * finally an agent with unlimited room comes ONLINE and must get every one still waiting.
 */
class TwoInstanceStormIT extends InboxIntegrationTest {

    private static final int CLIENTS = 32;
    private static final int CONVERSATIONS = 40;
    private static final int AGENTS = 8;
    private static final List<String> ACTIONS = List.of("assign", "transfer", "unassign", "archive", "reopen", "handoff");
    private static final List<String> AVAILABILITIES = List.of("ONLINE", "OFFLINE", "BUSY");
    /** The room of each of the two agents that come ONLINE together after the storm. */
    private static final int ROOM = 3;

    /**
     * What each request may answer: 200 done (or already so), 409 the state forbids it (or the agent in
     * the path is inactive), 422 the agent in the body is inactive, 204 deactivated. Nothing else: no
     * conversation or agent the storm names is ever missing, so a 404 is a failure, as is any 5xx.
     */
    private static final Map<String, Set<Integer>> ALLOWED = Map.of(
            "assign", Set.of(200, 409, 422),
            "transfer", Set.of(200, 409, 422),
            "unassign", Set.of(200, 409),
            "archive", Set.of(200),
            "reopen", Set.of(200, 409),
            "handoff", Set.of(200, 409),
            "availability", Set.of(200, 409),
            "deactivate", Set.of(204));

    @Test
    void randomTransitionsThroughTwoInstancesLeaveEveryCounterEqualToTheRowsAndTheQueueServed() throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("inbox.storm.seconds", 20));
        List<Long> conversations = IntStream.range(0, CONVERSATIONS)
                .mapToObj(i -> inbox.startConversation("Visitor " + i)).toList();
        List<Long> agents = new CopyOnWriteArrayList<>(IntStream.range(0, AGENTS)
                .mapToObj(i -> inbox.createAgent("Agent " + i, "agent" + i + "@example.com", 4)).toList());
        agents.stream().limit(AGENTS / 2).forEach(agent -> inbox.setAvailability(agent, "ONLINE"));
        AtomicInteger hired = new AtomicInteger(AGENTS);
        // "assign 200", "availability 409", ...: each response counted as what it is
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

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
                        if (dice == 0) {
                            replaceAnAgent(instance, agents, hired, outcomes);
                        } else if (dice < 6) {
                            switchAvailability(instance, agents, random, outcomes);
                        } else {
                            randomTransition(instance, conversations, agents, random, outcomes);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> client : running) {
                client.get(duration.toSeconds() + 60, TimeUnit.SECONDS); // a client stuck past its end fails here
            }
            clients.shutdown();
            Runnable bothEnginesIdle = () -> {
                awaitQueueServed();
                second.awaitQueueServed();
            };
            bothEnginesIdle.run();

            assertThat(outcomes.keySet()).as("outcomes: %s", outcomes).allSatisfy(outcome -> {
                String[] request = outcome.split(" ");
                assertThat(ALLOWED.get(request[0])).as("%s (all: %s)", outcome, outcomes)
                        .contains(Integer.parseInt(request[1]));
            });
            long done = ACTIONS.stream().mapToLong(action -> sum(outcomes, action + " 200")).sum();
            long conflicts = ACTIONS.stream().mapToLong(action -> sum(outcomes, action + " 409")).sum();
            assertThat(done).as("transitions done: %s", outcomes).isGreaterThan(200);
            assertThat(conflicts).as("transitions the state forbade: %s", outcomes).isPositive();
            assertThat(automaticAssignments(conversations)).as("automatic assignments during the storm").isPositive();

            assertCountersAndFoldersAddUp(conversations, bothEnginesIdle);
            for (InboxClient instance : instances) {
                JsonNode report = instance.consistencyReport();
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
                assertThat(report.get("counterDrift")).isEmpty();
            }

            // the engines are idle: nothing may wait while an ONLINE agent has room for it (none may wait at all)
            int waitingAfterTheStorm = assertNothingWaitsWhileAnotherOnlineAgentHasRoom();

            // then every conversation waits, with nobody ONLINE, and an agent with unlimited room comes ONLINE
            // through the other instance: the engine must assign every one of them to it
            for (JsonNode agent : inbox.get("/api/v1/agents?availability=ONLINE").get("items")) {
                inbox.setAvailability(agent.get("id").asLong(), "OFFLINE");
            }
            Map<String, String> backToTheQueue = Map.of("assigned", "unassign", "archived", "reopen");
            backToTheQueue.forEach((folder, action) -> page(inbox, "/api/v1/conversations?folder=" + folder + "&limit=100")
                    .forEach(item -> assertThat(inbox.action(item.get("id").asLong(), action, null).status())
                            .as("%s %s", action, item).isEqualTo(200)));
            page(inbox, "/api/v1/conversations?folder=unassigned&waitingForAgent=false&limit=100")
                    .forEach(item -> assertThat(inbox.action(item.get("id").asLong(), "handoff", null).status())
                            .as("handoff %s", item).isEqualTo(200));
            assertThat(page(inbox, "/api/v1/conversations?folder=unassigned&waitingForAgent=true&limit=100"))
                    .as("waiting with nobody ONLINE").hasSize(CONVERSATIONS);

            // two agents with little room come ONLINE at the same moment, one through each instance: the two
            // engines fill exactly their room, and every other conversation waits with no room anywhere
            long ines = inbox.createAgent("Ines", "ines@example.com", ROOM);
            long joel = inbox.createAgent("Joel", "joel@example.com", ROOM);
            comeOnlineTogether(Map.of(ines, inbox, joel, second.client()));
            bothEnginesIdle.run();
            assertThat(assertNothingWaitsWhileAnotherOnlineAgentHasRoom()).as("conversations left waiting")
                    .isEqualTo(CONVERSATIONS - 2 * ROOM);
            assertThat(List.of(inbox.activeConversations(ines), inbox.activeConversations(joel)))
                    .as("Ines's and Joel's counters").containsExactly(ROOM, ROOM);

            long closer = inbox.createAgent("Closer", "closer@example.com", null);
            second.client().setAvailability(closer, "ONLINE");
            second.awaitQueueServed();
            Map<Long, Long> heldBy = new ConcurrentHashMap<>();
            assertThat(conversations).allSatisfy(conversation -> {
                JsonNode now = inbox.conversation(conversation);
                assertThat(now.get("status").asString()).as("%s", now).isEqualTo("ASSIGNED");
                long assignee = now.get("assignee").get("id").asLong();
                assertThat(assignee).as("%s", now).isIn(closer, ines, joel);
                heldBy.merge(assignee, 1L, Long::sum);
                JsonNode last = last(timeline(inbox, conversation));
                assertThat(last.get("type").asString()).as("%s", last).isEqualTo("ASSIGNED");
                assertThat(last.get("reason").asString()).as("%s", last).isEqualTo("AUTO");
                assertThat(last.get("agentId").asLong()).as("%s", last).isEqualTo(assignee);
            });
            assertThat(heldBy).as("held by Closer, Ines and Joel").isEqualTo(Map.of(
                    closer, (long) CONVERSATIONS - 2 * ROOM, ines, (long) ROOM, joel, (long) ROOM));
            assertThat(page(inbox, "/api/v1/conversations?folder=unassigned&waitingForAgent=true&limit=100"))
                    .as("still waiting").isEmpty();
            assertCountersAndFoldersAddUp(conversations, bothEnginesIdle);
            System.out.printf("storm: %d waiting when it ended; outcomes %s%n", waitingAfterTheStorm, outcomes);
        }
        assertThat(countersThatDifferFromTheRows()).isZero();
    }

    private static void randomTransition(InboxClient instance, List<Long> conversations, List<Long> agents,
            ThreadLocalRandom random, Map<String, LongAdder> outcomes) {
        long conversationId = conversations.get(random.nextInt(conversations.size()));
        String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
        Object body = action.equals("assign") || action.equals("transfer")
                ? Map.of("agentId", agents.get(random.nextInt(agents.size())))
                : null;
        count(outcomes, action, instance.action(conversationId, action, body).status());
    }

    /** 409 when another client has just deactivated the agent (it stays, inactive, for history). */
    private static void switchAvailability(InboxClient instance, List<Long> agents, ThreadLocalRandom random,
            Map<String, LongAdder> outcomes) {
        long agent = agents.get(random.nextInt(agents.size()));
        String availability = AVAILABILITIES.get(random.nextInt(AVAILABILITIES.size()));
        count(outcomes, "availability", InboxClient.exchange(instance.http().put()
                .uri("/api/v1/agents/{id}/availability", agent).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("availability", availability))).status());
    }

    /** Deactivation races transfers away from the same agent: the deadlock-prone path. */
    private static void replaceAnAgent(InboxClient instance, List<Long> agents, AtomicInteger hired,
            Map<String, LongAdder> outcomes) {
        long leaving = agents.get(ThreadLocalRandom.current().nextInt(agents.size()));
        int n = hired.incrementAndGet();
        agents.add(instance.createAgent("Agent " + n, "agent" + n + "@example.com")); // asserts its 201
        agents.remove(leaving);
        count(outcomes, "deactivate",
                InboxClient.exchange(instance.http().delete().uri("/api/v1/agents/{id}", leaving)).status());
    }

    private static void count(Map<String, LongAdder> outcomes, String request, int status) {
        outcomes.computeIfAbsent(request + " " + status, key -> new LongAdder()).increment();
    }

    private static long sum(Map<String, LongAdder> outcomes, String outcome) {
        LongAdder counted = outcomes.get(outcome);
        return counted == null ? 0 : counted.sum();
    }

    /**
     * With the engines idle: every conversation that waits may go to no ONLINE agent with room, other
     * than the one its latest unassign released.
     *
     * @return how many wait
     */
    private int assertNothingWaitsWhileAnotherOnlineAgentHasRoom() {
        List<Long> waiting = page(inbox, "/api/v1/conversations?folder=unassigned&waitingForAgent=true&limit=100")
                .stream().map(item -> item.get("id").asLong()).toList();
        List<JsonNode> withRoom = inbox.get("/api/v1/agents?availability=ONLINE").get("items").valueStream()
                .filter(agent -> agent.get("active").asBoolean())
                .filter(agent -> !agent.path("capacity").isNumber()
                        || agent.get("activeConversations").asInt() < agent.get("capacity").asInt())
                .toList();
        for (long conversation : waiting) {
            Long releasedBy = releasedBy(timeline(inbox, conversation));
            assertThat(withRoom).as("ONLINE agents with room while conversation %d waits (released by %s)",
                    conversation, releasedBy).allSatisfy(agent -> assertThat(agent.get("id").asLong())
                            .isEqualTo(releasedBy));
        }
        return waiting.size();
    }

    /** Each agent set ONLINE through its instance, the requests released together. */
    private static void comeOnlineTogether(Map<Long, InboxClient> agents) throws Exception {
        CyclicBarrier start = new CyclicBarrier(agents.size());
        ExecutorService threads = Executors.newFixedThreadPool(agents.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            agents.forEach((agent, instance) -> done.add(threads.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                instance.setAvailability(agent, "ONLINE");
                return null;
            })));
            for (Future<?> request : done) {
                request.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The folders, the agents and the counts as the API showed them, all at one state of the database. */
    private record ApiView(List<JsonNode> assigned, List<JsonNode> unassigned, List<JsonNode> archived,
            List<JsonNode> agents, JsonNode counts) {
    }

    /**
     * The API's reads are separate requests: a change committed between two of them (an engine round
     * a moment late: seen once, an agent's counter one above the assigned page read before it) makes
     * them disagree with no drift in the database. So they are read again until nothing committed
     * while they were read, which the database's fingerprint before and after shows.
     */
    private ApiView readAtOneMoment(Runnable enginesIdle) {
        for (int attempt = 1; ; attempt++) {
            enginesIdle.run();
            String before = databaseFingerprint();
            ApiView view = new ApiView(page(inbox, "/api/v1/conversations?folder=assigned&limit=100"),
                    page(inbox, "/api/v1/conversations?folder=unassigned&limit=100"),
                    page(inbox, "/api/v1/conversations?folder=archived&limit=100"),
                    inbox.get("/api/v1/agents?includeInactive=true").get("items").valueStream().toList(),
                    inbox.get("/api/v1/conversations/counts"));
            if (databaseFingerprint().equals(before)) {
                return view;
            }
            System.out.printf("storm: the database changed while the API was read (attempt %d)%n", attempt);
            assertThat(attempt).as("reads of the API during which nothing committed").isLessThan(10);
        }
    }

    /** Over the API: every agent's counter (the inactive too) is the conversations it holds, and the folders add up. */
    private void assertCountersAndFoldersAddUp(List<Long> conversations, Runnable enginesIdle) {
        ApiView view = readAtOneMoment(enginesIdle);
        List<JsonNode> assigned = view.assigned();
        List<JsonNode> unassigned = view.unassigned();
        List<JsonNode> archived = view.archived();
        Map<Long, Long> held = assigned.stream()
                .collect(Collectors.groupingBy(item -> item.get("assignee").get("id").asLong(), Collectors.counting()));
        long counters = 0;
        for (JsonNode agent : view.agents()) {
            long id = agent.get("id").asLong();
            assertThat((long) agent.get("activeConversations").asInt()).as("agent %s", agent)
                    .isEqualTo(held.getOrDefault(id, 0L));
            if (!agent.get("active").asBoolean()) {
                assertThat(held).as("an inactive agent holds nothing: %s", agent).doesNotContainKey(id);
            }
            counters += agent.get("activeConversations").asInt();
        }
        assertThat(counters).as("sum of the counters").isEqualTo(assigned.size());
        JsonNode counts = view.counts();
        assertThat(counts.get("assigned").asInt()).as("%s", counts).isEqualTo(assigned.size());
        assertThat(counts.get("unassigned").asInt()).as("%s", counts).isEqualTo(unassigned.size());
        assertThat(counts.get("archived").asInt()).as("%s", counts).isEqualTo(archived.size());
        assertThat(counts.get("all").asInt()).as("%s", counts).isEqualTo(CONVERSATIONS);
        List<Long> everyOne = new ArrayList<>();
        for (List<JsonNode> folder : List.of(assigned, unassigned, archived)) {
            folder.forEach(item -> everyOne.add(item.get("id").asLong()));
        }
        assertThat(everyOne).as("each conversation in exactly one folder").containsExactlyInAnyOrderElementsOf(conversations);
    }

    /** Over the API: the assignments the timelines show the engine made (reason AUTO). */
    private long automaticAssignments(List<Long> conversations) {
        return conversations.stream().flatMap(conversation -> timeline(inbox, conversation).stream())
                .filter(event -> event.get("type").asString().equals("ASSIGNED")
                        && event.get("reason").asString().equals("AUTO"))
                .count();
    }

    /** Every item of a paged list, following nextCursor. */
    private static List<JsonNode> page(InboxClient instance, String path) {
        List<JsonNode> items = new ArrayList<>();
        String separator = path.contains("?") ? "&" : "?";
        JsonNode page = instance.get(path);
        while (true) {
            page.get("items").forEach(items::add);
            JsonNode cursor = page.get("nextCursor");
            if (cursor == null || cursor.isNull()) {
                return items;
            }
            page = instance.get(path + separator + "cursor={cursor}", cursor.asString());
        }
    }

    private static List<JsonNode> timeline(InboxClient instance, long conversationId) {
        return page(instance, "/api/v1/conversations/" + conversationId + "/events?limit=100");
    }

    /**
     * The agent the engine does not hand the conversation straight back to: the one its latest unassign
     * released. When something else put it back in the queue since, that agent may no longer be
     * excluded; counting it as excluded anyway can only miss a failure, never invent one.
     */
    private static Long releasedBy(List<JsonNode> timeline) {
        Long releasedBy = null;
        for (JsonNode event : timeline) {
            if (event.get("type").asString().equals("UNASSIGNED") && event.path("previousAgentId").isNumber()) {
                releasedBy = event.get("previousAgentId").asLong();
            }
        }
        return releasedBy;
    }

    private static JsonNode last(List<JsonNode> items) {
        return items.get(items.size() - 1);
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
