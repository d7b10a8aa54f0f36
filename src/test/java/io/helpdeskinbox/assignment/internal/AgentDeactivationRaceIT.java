package io.helpdeskinbox.assignment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PgConnection;
import tools.jackson.databind.JsonNode;

/**
 * An agent is deactivated at the same instant as a request hands it a conversation (an assignment or
 * a transfer), from two threads released together, round after round. Whichever commits first, the
 * outcome must be one of the two the contract allows: the hand-over is refused (422, the agent is
 * inactive), or it commits first and the deactivation then releases the conversation back to the
 * queue. Nobody is ONLINE, so a released conversation stays waiting where the test can see it. Which
 * of the two orders each round takes is up to the scheduler; every round is checked either way, and
 * both orders must have occurred: rounds go on past the 25th until each has (each took about half of
 * them when measured), or the race proved only one of its outcomes.
 */
class AgentDeactivationRaceIT extends InboxIntegrationTest {

    private static final int ROUNDS = 25;
    /** The most rounds run while one of the two outcomes has not occurred yet. */
    private static final int MOST_ROUNDS = 100;

    private ExecutorService threads;

    @BeforeEach
    void twoThreads() {
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void anAssignmentRacingTheDeactivationOfItsAgentIsEitherRefusedOrReleasedToTheQueue() throws Exception {
        int refused = 0;
        int round = 0;
        for (; bothNeeded(round, refused); round++) {
            long conversation = inbox.startConversation("Visitor " + round); // not waiting: the engine leaves it alone
            long leaving = inbox.createAgent("Leaving " + round, "leaving" + round + "@example.com");

            Race race = race(() -> inbox.assign(conversation, leaving), () -> deactivate(leaving));

            JsonNode now = inbox.conversation(conversation);
            List<String> timeline = timeline(conversation);
            if (race.handOver().status() == 422) {
                refused++;
                race.handOver().assertProblem(422).assertProblemType("unknown-agent");
                assertThat(now.get("status").asString()).as("round %d: refused, untouched", round).isEqualTo("UNASSIGNED");
                assertThat(timeline).as("round %d", round).containsExactly("CREATED");
            } else {
                assertThat(race.handOver().status()).as("round %d: %s", round, race.handOver().body()).isEqualTo(200);
                assertThat(race.handOver().json().get("assignee").get("id").asLong()).isEqualTo(leaving);
                assertReleasedToTheQueue(round, now);
                assertThat(timeline).as("round %d", round)
                        .containsExactly("CREATED", "ASSIGNED " + leaving + " MANUAL", "UNASSIGNED AGENT_DEACTIVATED");
            }
            assertLeftHoldingNothing(round, leaving);
        }

        assertThat(inbox.folder("unassigned")).as("every conversation waits, none is lost").hasSize(round);
        assertConsistent();
        System.out.printf("assign vs deactivate: %d refused, %d released%n", refused, round - refused);
        assertBothOccurred(round, refused);
    }

    @Test
    void aTransferRacingTheDeactivationOfItsReceiverIsEitherRefusedOrReleasedToTheQueue() throws Exception {
        long staying = inbox.createAgent("Staying Sam", "sam@example.com"); // OFFLINE: receives nothing by itself
        int refused = 0;
        int round = 0;
        for (; bothNeeded(round, refused); round++) {
            long conversation = inbox.startConversation("Visitor " + round);
            assertThat(inbox.assign(conversation, staying).status()).isEqualTo(200);
            long leaving = inbox.createAgent("Leaving " + round, "leaving" + round + "@example.com");

            Race race = race(() -> inbox.action(conversation, "transfer", Map.of("agentId", leaving)),
                    () -> deactivate(leaving));

            JsonNode now = inbox.conversation(conversation);
            List<String> timeline = timeline(conversation);
            if (race.handOver().status() == 422) {
                refused++;
                race.handOver().assertProblem(422).assertProblemType("unknown-agent");
                assertThat(now.get("status").asString()).as("round %d: refused, stays with Sam", round).isEqualTo("ASSIGNED");
                assertThat(now.get("assignee").get("id").asLong()).isEqualTo(staying);
                assertThat(timeline).as("round %d", round).containsExactly("CREATED", "ASSIGNED " + staying + " MANUAL");
            } else {
                assertThat(race.handOver().status()).as("round %d: %s", round, race.handOver().body()).isEqualTo(200);
                assertThat(race.handOver().json().get("assignee").get("id").asLong()).isEqualTo(leaving);
                assertReleasedToTheQueue(round, now);
                assertThat(timeline).as("round %d", round).containsExactly("CREATED", "ASSIGNED " + staying + " MANUAL",
                        "TRANSFERRED " + leaving + " MANUAL", "UNASSIGNED AGENT_DEACTIVATED");
            }
            assertLeftHoldingNothing(round, leaving);
            assertThat(inbox.activeConversations(staying)).as("round %d: Sam holds what was refused", round).isEqualTo(refused);
        }

        assertThat(inbox.folder("assigned")).as("Sam's").hasSize(refused);
        assertThat(inbox.folder("unassigned")).as("the released ones wait").hasSize(round - refused);
        assertConsistent();
        System.out.printf("transfer vs deactivate: %d refused, %d released%n", refused, round - refused);
        assertBothOccurred(round, refused);
    }

    /** Another round: fewer than {@link #ROUNDS} so far, or one of the outcomes still missing (up to {@link #MOST_ROUNDS}). */
    private static boolean bothNeeded(int round, int refused) {
        return round < ROUNDS || (refused == 0 || refused == round) && round < MOST_ROUNDS;
    }

    private static void assertBothOccurred(int rounds, int refused) {
        assertThat(refused).as("rounds refused (the deactivation first) of %d", rounds).isPositive();
        assertThat(rounds - refused).as("rounds released (the hand-over first) of %d", rounds).isPositive();
    }

    /**
     * A conversation assigned to the agent after the departure's first look, while it waited for a
     * conversation it had found: the agent's counter, read under its lock, shows one more than were
     * locked, and the departure looks again and releases that one too.
     */
    @Test
    void aDepartureReleasesAConversationAssignedAfterItsFirstLook() throws Exception {
        Departure departure = departWhileASecondIsAssigned(leaving -> { }, leaving -> { });

        assertThat(timeline(departure.second())).containsExactly("CREATED",
                "ASSIGNED " + departure.agent() + " MANUAL", "UNASSIGNED AGENT_DEACTIVATED");
    }

    /**
     * The departure locks the agent's conversations, then the agent; one assigned to the agent in
     * between is locked after the agent. Here another session holds that conversation and, as every
     * transition does next, asks for the agent's row: the departure must not be waiting for the
     * conversation with the agent's row held, or the two deadlock. (The other session detects
     * deadlocks after 10 ms, so it is the one a deadlock would abort; PostgreSQL breaks one only after
     * a second, while every transition on the agent queues behind its row: a storm of them once ran
     * into the 5-s lock timeout.)
     */
    @Test
    void aDepartureDoesNotWaitForAConversationWhileHoldingItsAgent() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.get();
        try (Connection holdingSecond = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement secondSql = holdingSecond.createStatement()) {
            holdingSecond.setAutoCommit(false);
            departWhileASecondIsAssigned(leaving -> {
                secondSql.execute("set local deadlock_timeout = '10ms'");
                secondSql.execute("select 1 from conversation where id = " + leaving.second() + " for no key update");
            }, leaving -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> blockedBy(holdingSecond) > 0);
                // what a transition holding the second conversation does next: lock its agent
                secondSql.execute("select 1 from agent where id = " + leaving.agent() + " for no key update");
                holdingSecond.commit();
            });
        }
    }

    private record Departure(long agent, long first, long second) {
    }

    private interface Step {
        void run(Departure departure) throws Exception;
    }

    /**
     * An agent holding one conversation leaves while an outside session holds that conversation, so
     * the departure waits for it; meanwhile a second conversation is assigned to the agent (the
     * departure's first look missed it) and {@code meanwhile} runs; then the first is let go and
     * {@code afterwards} runs. The departure must succeed and send both back to the queue.
     */
    private Departure departWhileASecondIsAssigned(Step meanwhile, Step afterwards) throws Exception {
        Departure departure = new Departure(inbox.createAgent("Leaving Lea", "lea@example.com"),
                inbox.startConversation("Visitor 1"), inbox.startConversation("Visitor 2"));
        assertThat(inbox.assign(departure.first(), departure.agent()).status()).isEqualTo(200);

        TestDatabase.Coordinates db = TestDatabase.get();
        try (Connection holdingFirst = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement firstSql = holdingFirst.createStatement()) {
            holdingFirst.setAutoCommit(false);
            firstSql.execute("select 1 from conversation where id = " + departure.first() + " for no key update");
            Future<WireResponse> departed = threads.submit(() -> deactivate(departure.agent()));
            await().atMost(Duration.ofSeconds(10)).until(() -> blockedBy(holdingFirst) > 0);

            assertThat(inbox.assign(departure.second(), departure.agent()).status()).isEqualTo(200);
            meanwhile.run(departure);
            holdingFirst.commit();
            afterwards.run(departure);

            WireResponse response = departed.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).as("deactivation: %s", response.body()).isEqualTo(204);
        }
        assertLeftHoldingNothing(0, departure.agent());
        assertThat(inbox.folder("unassigned")).as("both released to the queue")
                .containsExactlyInAnyOrder(departure.first(), departure.second());
        assertConsistent();
        return departure;
    }

    /** How many sessions of this database wait for a lock the given session holds. */
    private long blockedBy(Connection session) throws Exception {
        int pid = session.unwrap(PgConnection.class).getBackendPID();
        return jdbc.sql("select count(*) from pg_stat_activity where :pid = any(pg_blocking_pids(pid))")
                .param("pid", pid).query(Long.class).single();
    }

    private record Race(WireResponse handOver, WireResponse deactivation) {
    }

    /** Both requests wait at one barrier, so they reach the server together; the deactivation must succeed. */
    private Race race(Callable<WireResponse> handOver, Callable<WireResponse> deactivation) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<WireResponse> first = threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return handOver.call();
        });
        Future<WireResponse> second = threads.submit(() -> {
            start.await(10, TimeUnit.SECONDS);
            return deactivation.call();
        });
        Race race = new Race(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
        assertThat(race.deactivation().status()).as("deactivation: %s", race.deactivation().body()).isEqualTo(204);
        return race;
    }

    private WireResponse deactivate(long agentId) {
        return WireResponse.send(inbox.http().delete().uri("/api/v1/agents/{id}", agentId));
    }

    private static void assertReleasedToTheQueue(int round, JsonNode conversation) {
        assertThat(conversation.get("status").asString()).as("round %d: released, %s", round, conversation)
                .isEqualTo("UNASSIGNED");
        assertThat(conversation.get("assignee").isNull()).as("round %d: %s", round, conversation).isTrue();
        assertThat(conversation.get("waitingForAgent").asBoolean()).as("round %d: back in the queue", round).isTrue();
    }

    private void assertLeftHoldingNothing(int round, long agentId) {
        JsonNode agent = inbox.get("/api/v1/agents/{id}", agentId);
        assertThat(agent.get("active").asBoolean()).as("round %d: %s", round, agent).isFalse();
        assertThat(agent.get("activeConversations").asInt()).as("round %d: %s", round, agent).isZero();
        assertThat(inbox.get("/api/v1/conversations?folder=assigned&assigneeId={id}", agentId).get("items"))
                .as("round %d: conversations the inactive agent holds", round).isEmpty();
    }

    private void assertConsistent() {
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("assignedToInactiveAgents").asLong()).as(report.toString()).isZero();
        assertThat(report.get("counterDrift")).as(report.toString()).isEmpty();
    }

    /** Each entry as "TYPE", "TYPE agentId REASON" for hand-overs, or "TYPE REASON" for releases. */
    private List<String> timeline(long conversationId) {
        return StreamSupport.stream(inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId)
                .get("items").spliterator(), false).map(event -> switch (event.get("type").asString()) {
                    case "ASSIGNED", "TRANSFERRED" -> event.get("type").asString() + " " + event.get("agentId").asLong()
                            + " " + event.get("reason").asString();
                    case "UNASSIGNED" -> "UNASSIGNED " + event.get("reason").asString();
                    default -> event.get("type").asString();
                }).toList();
    }
}
