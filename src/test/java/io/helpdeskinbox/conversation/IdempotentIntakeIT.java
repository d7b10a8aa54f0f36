package io.helpdeskinbox.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * {@code POST /conversations} with one {@code Idempotency-Key} from many requests at once, through two
 * instances: whatever the interleaving, the key makes exactly one conversation. Every answer names
 * it (201; {@code Idempotent-Replayed: false} for the one that created it, {@code true} for the
 * others), a different body with the key is 422, and a first attempt that rolls back after claiming
 * the key leaves neither the key nor a conversation behind, so its retry creates the one.
 */
class IdempotentIntakeIT extends InboxIntegrationTest {

    private static final int REQUESTS = 16;
    private static final Duration SOON = Duration.ofSeconds(10);

    /** Both instances in every test: the second costs a start-up, once. */
    private static SecondInstance second;

    private InboxClient partnerOnFirst;
    private InboxClient partnerOnSecond;

    @BeforeAll
    static void startSecondInstance() {
        second = new SecondInstance();
    }

    @AfterAll
    static void stopSecondInstance() {
        second.close();
    }

    /** A partner's API key, as the widget or a bot would send: keys are the caller's own. */
    @BeforeEach
    void partnerKey() {
        String token = inbox.post("/api/v1/api-keys", Map.of("name", "Web widget"), HttpStatus.CREATED)
                .get("token").asString();
        partnerOnFirst = inbox.as(token);
        partnerOnSecond = second.client().as(token);
    }

    @Test
    void oneKeySentAtOnceThroughTwoInstancesCreatesExactlyOneConversationAndEveryAnswerNamesIt() throws Exception {
        Map<String, Object> body = Map.of("visitor", Map.of("name", "Cristóbal Villar"), "message", "Hola",
                "waitingForAgent", true);

        List<WireResponse> answers = raceOneKey("visit-0b6f4e1c", i -> body);

        assertThat(answers).extracting(WireResponse::status).as("every answer").containsOnly(201);
        long id = answers.get(0).json().get("id").asLong();
        assertThat(answers).extracting(answer -> answer.json().get("id").asLong()).as("the conversation named")
                .containsOnly(id);
        assertThat(answers).extracting(answer -> answer.headers().getLocation().getPath())
                .containsOnly("/api/v1/conversations/" + id);
        assertThat(answers).extracting(answer -> answer.headers().getFirst("Idempotent-Replayed"))
                .as("one creation, the rest replays of it").containsOnlyOnce("false")
                .filteredOn("true"::equals).hasSize(REQUESTS - 1);
        assertExactlyOneConversation(id, "visit-0b6f4e1c");
        assertThat(jdbc.sql("select count(*) from message").query(Long.class).single())
                .as("its opening message, once").isEqualTo(1);

        WireResponse otherBody = post(partnerOnSecond, "visit-0b6f4e1c", Map.of("visitor", Map.of("name", "Iker")));
        otherBody.assertProblem(422).assertProblemType("idempotency-key-reused");
        assertExactlyOneConversation(id, "visit-0b6f4e1c");
    }

    /** Half the racers send another body: the body of the request that won the key is the one kept. */
    @Test
    void oneKeyRacedWithTwoBodiesCreatesOnceAndRefusesTheBodyThatLost() throws Exception {
        List<String> visitors = List.of("Cristóbal Villar", "Iker Etxeberria");

        List<WireResponse> answers = raceOneKey("visit-77", i -> Map.of("visitor", Map.of("name", visitors.get(i % 2))));

        List<WireResponse> created = answers.stream().filter(answer -> answer.status() == 201).toList();
        assertThat(created).as("answers: %s", answers).isNotEmpty();
        long id = created.get(0).json().get("id").asLong();
        String winner = created.get(0).json().get("visitor").get("name").asString();
        for (int i = 0; i < REQUESTS; i++) {
            WireResponse answer = answers.get(i);
            if (visitors.get(i % 2).equals(winner)) {
                assertThat(answer.status()).as("the winner's body: %s", answer.body()).isEqualTo(201);
                assertThat(answer.json().get("id").asLong()).isEqualTo(id);
            } else {
                answer.assertProblem(422).assertProblemType("idempotency-key-reused");
            }
        }
        assertExactlyOneConversation(id, "visit-77");
    }

    /**
     * The first attempt claims the key and then rolls back: its insert of the conversation waits on a
     * table lock this test holds, and is cancelled there (a statement timeout or an operator would do
     * the same). Meanwhile a retry through the other instance waits on the first attempt's claim. The
     * first gets a 503 to retry; the waiting retry, finding the key free again, creates the one
     * conversation; a later retry replays it.
     */
    @Test
    void aFirstAttemptThatRollsBackAfterClaimingTheKeyLeavesNothingAndItsRetryCreatesOnce() throws Exception {
        Map<String, Object> body = Map.of("visitor", Map.of("name", "Cristóbal Villar"), "message", "Hola");
        TestDatabase.Coordinates db = TestDatabase.get();
        ExecutorService requests = Executors.newFixedThreadPool(2);
        try (Connection blocker = DriverManager.getConnection(db.url(), db.username(), db.password());
                Connection observer = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                // readers and the key's table go on; an insert into conversation waits
                lock.execute("lock table conversation in share mode");
            }
            Future<WireResponse> first = requests.submit(() -> post(partnerOnFirst, "visit-rollback", body));
            int firstPid = awaitPid(observer, """
                    select pid from pg_locks
                    where locktype = 'relation' and relation = 'conversation'::regclass and not granted""");

            // the retry either waits for the first attempt's claim to be settled, or answers at once (a bug);
            // on a slow machine the first may meanwhile have given up itself, at the sessions' lock_timeout
            Future<WireResponse> retry = requests.submit(() -> post(partnerOnSecond, "visit-rollback", body));
            Awaitility.await().atMost(SOON).pollInterval(Duration.ofMillis(20)).until(() -> retry.isDone()
                    || first.isDone() || pidsOf(observer, "select pid from pg_stat_activity where " + firstPid
                            + " = any(pg_blocking_pids(pid))").size() == 1);

            if (!first.isDone()) {
                try (PreparedStatement cancel = observer.prepareStatement("select pg_cancel_backend(?)")) {
                    cancel.setInt(1, firstPid);
                    cancel.executeQuery().close();
                }
            }
            WireResponse failed = first.get(SOON.toSeconds(), TimeUnit.SECONDS);
            failed.assertProblem(503).assertProblemType("service-unavailable");
            assertThat(failed.headers().getFirst("Retry-After")).isNotBlank();
            blocker.commit();

            WireResponse created = retry.get(SOON.toSeconds(), TimeUnit.SECONDS);
            assertThat(created.status()).as("the retry: %s", created.body()).isEqualTo(201);
            assertThat(created.headers().getFirst("Idempotent-Replayed")).as("it made the conversation")
                    .isEqualTo("false");
            long id = created.json().get("id").asLong();
            assertExactlyOneConversation(id, "visit-rollback");
            assertThat(jdbc.sql("select count(*) from message").query(Long.class).single()).isEqualTo(1);

            WireResponse replayed = post(partnerOnFirst, "visit-rollback", body);
            assertThat(replayed.status()).isEqualTo(201);
            assertThat(replayed.headers().getFirst("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replayed.json().get("id").asLong()).isEqualTo(id);
            assertExactlyOneConversation(id, "visit-rollback");
        } finally {
            requests.shutdownNow();
        }
    }

    /**
     * {@link #REQUESTS} requests with one key, alternating between the instances, released together.
     *
     * @return the answers, in the order of {@code bodyOf}'s indexes
     */
    private List<WireResponse> raceOneKey(String key, IntFunction<Map<String, Object>> bodyOf)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<WireResponse>> racers = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
        try {
            for (int i = 0; i < REQUESTS; i++) {
                InboxClient through = i % 4 < 2 ? partnerOnFirst : partnerOnSecond;
                Map<String, Object> body = bodyOf.apply(i);
                racers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return post(through, key, body);
                }, threads));
            }
            start.countDown();
            List<WireResponse> answers = new ArrayList<>();
            for (CompletableFuture<WireResponse> racer : racers) {
                answers.add(racer.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Through the API on both instances, and in the tables: one conversation, one key, one creation event. */
    private void assertExactlyOneConversation(long id, String key) {
        for (InboxClient client : List.of(inbox, second.client())) {
            assertThat(client.get("/api/v1/conversations/counts").get("all").asLong()).isEqualTo(1);
            assertThat(client.get("/api/v1/conversations?folder=all").get("items"))
                    .extracting(item -> item.get("id").asLong()).containsExactly(id);
        }
        assertThat(jdbc.sql("select id from conversation").query(Long.class).list()).containsExactly(id);
        assertThat(jdbc.sql("select conversation_id from conversation_idempotency_key where idempotency_key = ?")
                .param(key).query(Long.class).list()).as("the key, naming it").containsExactly(id);
        assertThat(jdbc.sql("select count(*) from conversation_idempotency_key").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from outbox_event where type = 'conversation.created'")
                .query(Long.class).single()).as("one creation reaches the stream").isEqualTo(1);
    }

    private static WireResponse post(InboxClient client, String key, Map<String, Object> body) {
        return WireResponse.send(client.http().post().uri("/api/v1/conversations").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).body(body));
    }

    /** The one backend the query finds, once it does: a request reaches PostgreSQL when its thread gets to it. */
    private static int awaitPid(Connection observer, String query) {
        return Awaitility.await().atMost(SOON).pollInterval(Duration.ofMillis(20))
                .until(() -> pidsOf(observer, query), pids -> pids.size() == 1).get(0);
    }

    private static List<Integer> pidsOf(Connection observer, String query) throws SQLException {
        try (Statement statement = observer.createStatement(); ResultSet found = statement.executeQuery(query)) {
            List<Integer> pids = new ArrayList<>();
            while (found.next()) {
                pids.add(found.getInt(1));
            }
            return pids;
        }
    }
}
