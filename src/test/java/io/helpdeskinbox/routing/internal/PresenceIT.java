package io.helpdeskinbox.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helpdeskinbox.support.InboxClient.HiredAgent;
import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Presence with a two-second timeout, over two instances: an ONLINE agent gets automatic
 * assignments only while it is actually connected (an open event stream or an API call), whichever
 * instance it is connected to.
 */
@TestPropertySource(properties = {"inbox.presence.timeout=PT2S",
        // its sessions are told from those of the other test contexts alive beside it on the same database
        "spring.datasource.hikari.data-source-properties.ApplicationName=" + PresenceIT.SESSIONS})
class PresenceIT extends InboxIntegrationTest {

    static final String SESSIONS = "presence-it";

    @Autowired
    private MeterRegistry meters;

    /**
     * Agent ids start again at 1 in every test, and an instance keeps the agents whose streams it
     * holds until it notices a stream closed (at its next heartbeat): a stream of the previous test
     * must be gone before a new agent takes its id, or it keeps that agent present (seen once: Ana
     * already present when she went ONLINE).
     */
    @BeforeEach
    void previousTestsStreamsNoticedClosed() {
        await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("inbox.events.clients").gauge().value() == 0);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Map<String, String> SAME_PRESENCE = Map.of("inbox.presence.timeout", "PT2S",
            // a closed stream is noticed at its next heartbeat
            "inbox.events.heartbeat", "PT0.5S");

    @Test
    void anOnlineAgentWhoseStreamClosesStopsReceivingConversationsUntilAStreamOpensAgain() throws Exception {
        presence(true);
        HiredAgent ana = inbox.hireAgent("Ana", "ana@example.com");
        try (SecondInstance second = new SecondInstance(SAME_PRESENCE);
                SseClient watching = SseClient.connect(baseUrl(port), ADMIN_TOKEN, null, "types=agent.updated")) {
            inbox.setAvailability(ana.id(), "ONLINE");
            InboxClient onSecond = second.client();
            long lapsedBefore = lapses(inbox);
            long beforeAnyStream = onSecond.startWaitingConversation("Before Ana connects").get("id").asLong();
            second.awaitQueueServed();
            assertThat(inbox.conversation(beforeAnyStream).get("status").asString())
                    .as("ONLINE but never connected: not a candidate").isEqualTo("UNASSIGNED");

            SseClient anasStream = SseClient.connect(baseUrl(second.port()), ana.token(), null, null);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(assignee(beforeAnyStream))
                    .as("connecting pulls the waiting conversation at once").isEqualTo(ana.id()));
            // its stream is on the second instance; the first sees it present, past the timeout too
            await().during(TIMEOUT.plusSeconds(1)).atMost(TIMEOUT.plusSeconds(5))
                    .until(() -> agent(ana.id()).get("present").asBoolean());
            assertThat(Instant.parse(agent(ana.id()).get("lastSeenAt").asString()))
                    .isAfter(Instant.now().minus(TIMEOUT));

            anasStream.close();
            await().atMost(TIMEOUT.plusSeconds(8)).until(() -> !agent(ana.id()).get("present").asBoolean());
            assertThat(agent(ana.id()).get("availability").asString()).as("availability is what Ana chose")
                    .isEqualTo("ONLINE");
            List<JsonNode> announced = watching.takeAll(Duration.ofSeconds(1)).stream()
                    .filter(event -> !event.isCounted()).map(event -> event.data().get("agents").get(0)).toList();
            assertThat(announced).extracting(agent -> agent.get("id").asLong()).containsOnly(ana.id());
            assertThat(announced).extracting(agent -> agent.get("present").asBoolean())
                    .as("agent.updated as Ana went ONLINE, connected, and lapsed").containsExactly(false, true, false);
            assertThat(lapses(inbox) + lapses(onSecond) - lapsedBefore).as("counted once, by one instance")
                    .isEqualTo(1);

            long whileAway = inbox.startWaitingConversation("While Ana is away").get("id").asLong();
            awaitQueueServed();
            second.awaitQueueServed();
            assertThat(inbox.conversation(whileAway).get("status").asString()).isEqualTo("UNASSIGNED");

            try (SseClient back = SseClient.connect(baseUrl(port), ana.token(), null, null)) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(assignee(whileAway))
                        .as("back: the waiting conversation flows to Ana").isEqualTo(ana.id()));
                assertThat(agent(ana.id()).get("present").asBoolean()).isTrue();
            }
        }
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    /**
     * One streaming agent's row held by a long transaction does not stop the refresh of the others
     * streaming on the instance: the refresh skips the held row (which cannot lapse while held) and
     * stamps the rest. Waiting for it, it stamped nobody, and every other agent lapsed.
     */
    @Test
    void aStreamingAgentWhoseRowALongTransactionHoldsDoesNotStopTheRefreshOfTheOthers() throws Exception {
        presence(true);
        HiredAgent ana = inbox.hireAgent("Ana", "ana@example.com");
        HiredAgent bea = inbox.hireAgent("Bea", "bea@example.com");
        TestDatabase.Coordinates db = TestDatabase.get();
        try (SseClient anasStream = SseClient.connect(baseUrl(port), ana.token(), null, null);
                SseClient beasStream = SseClient.connect(baseUrl(port), bea.token(), null, null);
                Connection outside = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement sql = outside.createStatement()) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> agent(ana.id()).get("present").asBoolean() && agent(bea.id()).get("present").asBoolean());
            outside.setAutoCommit(false);
            sql.execute("select 1 from agent where id = " + ana.id() + " for update");

            await("Bea, streaming, kept present while Ana's row is held").during(TIMEOUT.plusSeconds(1))
                    .atMost(TIMEOUT.plusSeconds(2)).until(() -> agent(bea.id()).get("present").asBoolean());
            assertThat(agent(ana.id()).get("present").asBoolean()).as("held, so not lapsed either").isTrue();
            outside.rollback();
        }
    }

    /**
     * The instance's periodic duties do not wait for each other: while the response-timeout check
     * waits for an agent row that a long transaction holds (up to the lock timeout, and again when
     * retried), another agent's lapse is still noticed within the timeout and a margin, twice in a
     * row. With one scheduler thread for every duty, the lapse check waited until the other gave up.
     */
    @Test
    void aDutyWaitingForALockedAgentDoesNotHoldUpTheLapsesOfOthers() throws Exception {
        inbox.assignmentSettings(Map.of("autoAssignment", true, "strategy", "BALANCED",
                "reopenPolicy", "PREVIOUS_AGENT_IF_ONLINE", "presence", true, "responseTimeout", "PT3S"));
        HiredAgent ana = inbox.hireAgent("Ana", "ana@example.com");
        HiredAgent bea = inbox.hireAgent("Bea", "bea@example.com");
        inbox.setAvailability(ana.id(), "ONLINE");
        TestDatabase.Coordinates db = TestDatabase.get();
        try (SseClient anasStream = SseClient.connect(baseUrl(port), ana.token(), null, null);
                Connection outside = DriverManager.getConnection(db.url(), db.username(), db.password());
                Statement sql = outside.createStatement()) {
            long unanswered = inbox.startWaitingConversation("Visitor").get("id").asLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> Objects.equals(assignee(unanswered), ana.id()));
            outside.setAutoCommit(false);
            sql.execute("select 1 from agent where id = " + ana.id() + " for update");
            // Ana does not answer: this instance's check takes the conversation back and waits to lower her
            // counter (the other test contexts alive in this JVM check the same database: theirs may not wait)
            await().atMost(Duration.ofSeconds(8)).until(this::thisInstanceWaitsForALock);

            for (int lapse = 1; lapse <= 2; lapse++) {
                assertThat(WireResponse.send(inbox.as(bea.token()).http().get().uri("/api/v1/agents/{id}", bea.id()))
                        .status()).isEqualTo(200);
                await("Bea seen by her call").atMost(Duration.ofSeconds(3))
                        .until(() -> agent(bea.id()).get("present").asBoolean());
                await("Bea's lapse " + lapse + ", noticed on time while the other duty waits")
                        .atMost(TIMEOUT.plusSeconds(2)).until(() -> !agent(bea.id()).get("present").asBoolean());
            }
            outside.rollback();
            await("the check, Ana's row free, takes the conversation back").atMost(Duration.ofSeconds(5))
                    .until(() -> assignee(unanswered) == null);
        }
    }

    @Test
    void anApiCallIsASignOfPresenceAndAnAbsentAgentCanStillBeAssignedByHand() {
        presence(true);
        HiredAgent bea = inbox.hireAgent("Bea", "bea@example.com");
        inbox.setAvailability(bea.id(), "ONLINE");
        long conversation = inbox.startWaitingConversation("Visitor").get("id").asLong();
        assertThat(inbox.conversation(conversation).get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(agent(bea.id()).get("present").asBoolean()).isFalse();
        assertThat(agent(bea.id()).get("lastSeenAt").isNull()).isTrue();

        // by hand, whether present or not
        assertThat(inbox.assign(conversation, bea.id()).status()).isEqualTo(200);
        assertThat(inbox.action(conversation, "unassign", null).status()).isEqualTo(200);

        // Bea reads her agent resource: she is there, and the next waiting conversation is hers
        assertThat(WireResponse.send(inbox.as(bea.token()).http().get().uri("/api/v1/agents/{id}", bea.id())).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).until(() -> agent(bea.id()).get("present").asBoolean());
        long next = inbox.startWaitingConversation("Another visitor").get("id").asLong();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(assignee(next)).isEqualTo(bea.id()));

        // with presence off, ONLINE is enough again
        await().atMost(TIMEOUT.plusSeconds(5)).until(() -> !agent(bea.id()).get("present").asBoolean());
        presence(false);
        long third = inbox.startWaitingConversation("A third visitor").get("id").asLong();
        assertThat(assignee(third)).isEqualTo(bea.id());
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    @Test
    void aReopenedConversationGoesBackToTheAgentWhoHeldItWhenArchivedOnlyWhilePresentAndFromTheQueueIntoTheQueue()
            throws Exception {
        presence(true);
        HiredAgent ana = inbox.hireAgent("Ana", "ana@example.com");
        inbox.setAvailability(ana.id(), "ONLINE");
        long conversation;
        try (SseClient anasStream = SseClient.connect(baseUrl(port), ana.token(), null, null)) {
            conversation = inbox.startWaitingConversation("Visitor").get("id").asLong();
            assertThat(assignee(conversation)).isEqualTo(ana.id());
            assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);

            JsonNode reopened = inbox.action(conversation, "reopen", null).json();
            assertThat(reopened.get("status").asString()).as("archived while Ana held it, Ana present")
                    .isEqualTo("ASSIGNED");
            assertThat(reopened.get("assignee").get("id").asLong()).isEqualTo(ana.id());
            assertThat(lastEntry(conversation).get("reason").asString()).isEqualTo("REOPEN");
            assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);
        }
        await().atMost(TIMEOUT.plusSeconds(8)).until(() -> !agent(ana.id()).get("present").asBoolean());

        JsonNode whileAway = inbox.action(conversation, "reopen", null).json();
        assertThat(whileAway.get("status").asString()).as("Ana ONLINE with room, but not there").isEqualTo("UNASSIGNED");
        assertThat(whileAway.get("waitingForAgent").asBoolean()).isTrue();

        try (SseClient back = SseClient.connect(baseUrl(port), ana.token(), null, null)) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(assignee(conversation)).isEqualTo(ana.id()));
            assertThat(lastEntry(conversation).get("reason").asString()).as("through the queue").isEqualTo("AUTO");

            // unassigned, then archived from the queue: nobody handled it when it was archived
            assertThat(inbox.action(conversation, "unassign", null).status()).isEqualTo(200);
            assertThat(inbox.action(conversation, "archive", null).status()).isEqualTo(200);
            JsonNode fromTheQueue = inbox.action(conversation, "reopen", null).json();
            assertThat(fromTheQueue.get("status").asString()).isEqualTo("UNASSIGNED");
            assertThat(fromTheQueue.get("waitingForAgent").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(assignee(conversation)).isEqualTo(ana.id()));
            assertThat(lastEntry(conversation).get("reason").asString()).as("not the reopen policy: the queue")
                    .isEqualTo("AUTO");
        }
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    private boolean thisInstanceWaitsForALock() {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and datname = current_database() and application_name = :sessions""")
                .param("sessions", SESSIONS).query(Long.class).single() > 0;
    }

    private JsonNode lastEntry(long conversationId) {
        JsonNode entries = inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId).get("items");
        return entries.get(entries.size() - 1);
    }

    private void presence(boolean on) {
        JsonNode settings = inbox.assignmentSettings(Map.of("autoAssignment", true, "strategy", "BALANCED",
                "reopenPolicy", "PREVIOUS_AGENT_IF_ONLINE", "presence", on));
        assertThat(settings.get("presence").asBoolean()).isEqualTo(on);
    }

    private JsonNode agent(long agentId) {
        return inbox.get("/api/v1/agents/{id}", agentId);
    }

    private Long assignee(long conversationId) {
        JsonNode assignee = inbox.conversation(conversationId).get("assignee");
        return assignee.isNull() ? null : assignee.get("id").asLong();
    }

    private static long lapses(InboxClient instance) {
        String scrape = WireResponse.send(instance.http().get().uri("/actuator/prometheus")).body();
        Matcher lapses = Pattern.compile("(?m)^inbox_presence_lapses_total(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(lapses.find()).as("inbox_presence_lapses_total in %s", instance).isTrue();
        return (long) Double.parseDouble(lapses.group(1));
    }

    private static String baseUrl(int port) {
        return "http://localhost:" + port;
    }
}
