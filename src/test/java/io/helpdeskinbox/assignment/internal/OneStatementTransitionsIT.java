package io.helpdeskinbox.assignment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.helpdeskinbox.outbox.EventPayloads;
import io.helpdeskinbox.routing.internal.EngineBatches;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.web.IfMatch;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each one-statement transition writes what the entity's transition writes: the same columns of
 * the conversation, the same counter moves, the same timeline entry and the same event, whose
 * conversation is the response as Jackson writes it. Run side by side on two conversations brought
 * to the same state, with the same cause; and where the statement must not decide, it changes
 * nothing and leaves the case to the entity.
 */
class OneStatementTransitionsIT extends InboxIntegrationTest {

    /** Fractions of a second as Jackson writes them: microseconds, milliseconds, none. */
    private static final List<Instant> ACTION_TIMES = List.of(Instant.parse("2026-12-01T10:15:30.123456Z"),
            Instant.parse("2026-12-01T10:15:31.120Z"), Instant.parse("2026-12-01T10:15:32Z"));

    private final AtomicInteger runs = new AtomicInteger();

    @Autowired
    private OneStatementTransitions oneStatement;

    @Autowired
    private LockedTransitions entity;

    @Autowired
    private ApplicationContext application;

    @Autowired
    private JsonMapper json;

    @Autowired
    private EventPayloads payloads;

    private record Cast(long conversation, long ana, long ben) {
    }

    private interface Setup {
        void bring(Cast cast);
    }

    private interface Statement {
        Optional<ConversationResponse> apply(Cast cast, Cause cause);
    }

    private interface ByEntity {
        ConversationResponse apply(Cast cast, Cause cause);
    }

    @Test
    void assigningInOneStatementWritesWhatTheEntityWrites() {
        for (Instant at : ACTION_TIMES) {
            sameOutcome(cast -> { }, at,
                    (cast, cause) -> oneStatement.assign(cast.conversation(), cast.ana(), ExpectedVersion.ANY, cause),
                    (cast, cause) -> entity.assign(cast.conversation(), cast.ana(), ExpectedVersion.ANY, cause));
        }
        // from the queue, with the version named in If-Match
        sameOutcome(cast -> act(cast.conversation(), "handoff"), ACTION_TIMES.get(0),
                (cast, cause) -> oneStatement.assign(cast.conversation(), cast.ben(), currentVersion(cast), cause),
                (cast, cause) -> entity.assign(cast.conversation(), cast.ben(), currentVersion(cast), cause));
    }

    /** The engine's batch statement, for one decision, against the entity's automatic assignment. */
    @Test
    void anEngineBatchWritesWhatTheEntityWritesForAnAutomaticAssignment() {
        inbox.assignmentSettings(false, "BALANCED", null, "QUEUE"); // the engine must not take them first
        for (Instant at : ACTION_TIMES) {
            sameOutcome(cast -> act(cast.conversation(), "handoff"), at, Cause.engine(EventReason.AUTO, at),
                    (cast, cause) -> Optional.of(EngineBatches.giveAsABatchOfOne(application, cast.conversation(),
                            cast.ana(), EventReason.AUTO, cause.at())),
                    (cast, cause) -> entity.assign(cast.conversation(), cast.ana(), ExpectedVersion.ANY, cause));
        }
    }

    @Test
    void transferringInOneStatementWritesWhatTheEntityWrites() {
        sameOutcome(cast -> assign(cast.conversation(), cast.ana()), ACTION_TIMES.get(0),
                (cast, cause) -> oneStatement.transfer(cast.conversation(), cast.ben(), ExpectedVersion.ANY, cause),
                (cast, cause) -> entity.transfer(cast.conversation(), cast.ben(), ExpectedVersion.ANY, cause));
    }

    @Test
    void unassigningInOneStatementWritesWhatTheEntityWrites() {
        sameOutcome(cast -> assign(cast.conversation(), cast.ana()), ACTION_TIMES.get(1),
                (cast, cause) -> oneStatement.unassign(cast.conversation(), currentVersion(cast), cause),
                (cast, cause) -> entity.unassign(cast.conversation(), currentVersion(cast), cause));
    }

    @Test
    void archivingInOneStatementWritesWhatTheEntityWrites() {
        sameOutcome(cast -> assign(cast.conversation(), cast.ana()), ACTION_TIMES.get(2),
                (cast, cause) -> oneStatement.archive(cast.conversation(), ExpectedVersion.ANY, cause),
                (cast, cause) -> entity.archive(cast.conversation(), ExpectedVersion.ANY, cause));
        sameOutcome(cast -> act(cast.conversation(), "handoff"), ACTION_TIMES.get(0),
                (cast, cause) -> oneStatement.archive(cast.conversation(), ExpectedVersion.ANY, cause),
                (cast, cause) -> entity.archive(cast.conversation(), ExpectedVersion.ANY, cause));
    }

    @Test
    void whereTheStatementMustNotDecideItChangesNothing() {
        Cause cause = Cause.manual("equivalence", ACTION_TIMES.get(0));
        Cast cast = cast();
        long carla = inbox.createAgent("Carla", "carla-" + runs.incrementAndGet() + "@example.com");
        jdbc.sql("update agent set active = false where id = :id").param("id", carla).update();
        long unknownAgent = cast.ben() + 1000;

        unchangedBy("assign to an inactive agent", () -> oneStatement.assign(cast.conversation(), carla, ExpectedVersion.ANY, cause));
        unchangedBy("assign to an unknown agent", () -> oneStatement.assign(cast.conversation(), unknownAgent, ExpectedVersion.ANY, cause));
        unchangedBy("assign against a stale If-Match", () -> oneStatement.assign(cast.conversation(), cast.ana(),
                ExpectedVersion.of(IfMatch.versions("W/\"41\"")), cause));
        unchangedBy("assign against an If-Match that names no version", () -> oneStatement.assign(cast.conversation(),
                cast.ana(), ExpectedVersion.of(IfMatch.versions("\"abc\"")), cause));
        unchangedBy("unassign what nobody holds (a no-op)", () -> oneStatement.unassign(cast.conversation(), ExpectedVersion.ANY, cause));
        unchangedBy("transfer what nobody holds", () -> oneStatement.transfer(cast.conversation(), cast.ben(), ExpectedVersion.ANY, cause));
        unchangedBy("a conversation that does not exist", () -> oneStatement.archive(cast.conversation() + 1000, ExpectedVersion.ANY, cause));

        assign(cast.conversation(), cast.ana());
        unchangedBy("assign what another agent holds", () -> oneStatement.assign(cast.conversation(), cast.ben(), ExpectedVersion.ANY, cause));
        unchangedBy("assign to the agent who holds it (a no-op)", () -> oneStatement.assign(cast.conversation(), cast.ana(), ExpectedVersion.ANY, cause));
        unchangedBy("transfer to the agent who holds it (a no-op)", () -> oneStatement.transfer(cast.conversation(), cast.ana(), ExpectedVersion.ANY, cause));
        unchangedBy("transfer to an inactive agent", () -> oneStatement.transfer(cast.conversation(), carla, ExpectedVersion.ANY, cause));
        unchangedBy("transfer to an unknown agent", () -> oneStatement.transfer(cast.conversation(), unknownAgent, ExpectedVersion.ANY, cause));

        act(cast.conversation(), "archive");
        unchangedBy("archive what is archived (a no-op)", () -> oneStatement.archive(cast.conversation(), ExpectedVersion.ANY, cause));
        unchangedBy("unassign what is archived", () -> oneStatement.unassign(cast.conversation(), ExpectedVersion.ANY, cause));
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    private void unchangedBy(String attempt, Supplier<Optional<ConversationResponse>> statement) {
        String before = everything();
        assertThat(statement.get()).as(attempt).isEmpty();
        assertThat(everything()).as(attempt).isEqualTo(before);
    }

    /** Every row a transition could touch, as text. */
    private String everything() {
        return jdbc.sql("""
                        select (select coalesce(string_agg(c::text, '|' order by id), '') from conversation c)
                            || (select coalesce(string_agg(a::text, '|' order by id), '') from agent a)
                            || (select count(*) from conversation_event) || '/' || (select count(*) from outbox_event)""")
                .query(String.class).single();
    }

    /** The same setup twice, then the statement on one conversation and the entity on the other. */
    private void sameOutcome(Setup setup, Instant at, Statement statement, ByEntity byEntity) {
        sameOutcome(setup, at, Cause.manual("equivalence", at), statement, byEntity);
    }

    private void sameOutcome(Setup setup, Instant at, Cause cause, Statement statement, ByEntity byEntity) {
        Cast first = cast();
        setup.bring(first);
        Cast second = cast();
        setup.bring(second);

        Outcome inOneStatement = outcome(first, cause, () -> {
            Optional<ConversationResponse> response = statement.apply(first, cause);
            assertThat(response).as("the statement applies here").isPresent();
            return response.get();
        });
        Outcome throughTheEntity = outcome(second, cause, () -> byEntity.apply(second, cause));

        assertThat(inOneStatement).isEqualTo(throughTheEntity);
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    private record Outcome(Map<String, Object> conversationChanges, Map<String, Object> counterChanges,
            Map<String, Object> timelineEntry, Map<String, Object> event, String eventPayload) {
    }

    private Outcome outcome(Cast cast, Cause cause, Supplier<ConversationResponse> transition) {
        Map<String, Object> before = conversationRow(cast.conversation());
        Map<String, Object> countersBefore = counters(cast);
        ConversationResponse response = transition.get();
        Map<String, Object> after = conversationRow(cast.conversation());
        assertThat(json.readTree(json.writeValueAsString(response))).as("the response is the conversation as read after it")
                .isEqualTo(inbox.conversation(cast.conversation()));

        Map<String, Object> changes = new LinkedHashMap<>();
        after.forEach((column, value) -> {
            if (!Objects.equals(value, before.get(column))) {
                changes.put(column, normalized(column, value, cast, cause));
            }
        });
        Map<String, Object> counterChanges = new LinkedHashMap<>();
        counters(cast).forEach((agent, count) -> counterChanges.put(agent,
                ((Number) count).intValue() - ((Number) countersBefore.get(agent)).intValue()));

        Map<String, Object> entry = new LinkedHashMap<>();
        jdbc.sql("""
                        select type, agent_id, previous_agent_id, reason, actor, at from conversation_event
                        where conversation_id = :id order by id desc limit 1""")
                .param("id", cast.conversation()).query().singleRow()
                .forEach((column, value) -> entry.put(column, normalized(column, value, cast, cause)));

        Map<String, Object> event = new LinkedHashMap<>();
        jdbc.sql("""
                        select type, from_folder, to_folder, created_at, payload::text as payload from outbox_event
                        where conversation_id = :id order by id desc limit 1""")
                .param("id", cast.conversation()).query().singleRow()
                .forEach((column, value) -> event.put(column, normalized(column, value, cast, cause)));
        // one stored form, whichever path: the conversation as its row, shaped where it is delivered
        String stored = (String) event.remove("payload");
        assertThat(json.readTree(stored).propertyNames()).as("the stored payload's keys")
                .contains(EventPayloads.CONVERSATION_ROW).doesNotContain("conversation");
        ObjectNode payload = (ObjectNode) json.readTree(payloads.delivered(stored));
        assertThat(payload.get("conversation")).as("the event's conversation is the response as Jackson writes it")
                .isEqualTo(json.readTree(json.writeValueAsString(response)));
        // the entity's outbox stamps its events when it writes them, just before the commit; the
        // statement, when it runs: the same instant, so the statement's shows the form Jackson gives
        if (event.remove("created_at").equals("the action's time")) {
            assertThat(payload.get("at").asString()).isEqualTo(json.readTree(json.writeValueAsString(cause.at())).asString());
        }
        payload.remove("conversation");
        payload.remove("at");
        payload.get("agents").forEach(agent -> ((ObjectNode) agent).put("id", role(agent.get("id").asLong(), cast)));
        return new Outcome(changes, counterChanges, entry, event, payload.toString());
    }

    /** The agents by role and the times by meaning, so that two casts compare. */
    private Object normalized(String column, Object value, Cast cast, Cause cause) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().equals(cause.at()) ? "the action's time" : "another time";
        }
        if (column.endsWith("_id") && value instanceof Long id && (id == cast.ana() || id == cast.ben())) {
            return role(id, cast);
        }
        return value;
    }

    private static String role(long agentId, Cast cast) {
        return agentId == cast.ana() ? "ana" : agentId == cast.ben() ? "ben" : String.valueOf(agentId);
    }

    private Map<String, Object> conversationRow(long conversationId) {
        Map<String, Object> row = new LinkedHashMap<>(jdbc.sql("select * from conversation where id = :id")
                .param("id", conversationId).query().singleRow());
        row.remove("id");
        // an array column reads as a driver object that equals no other: compared by its elements
        row.replaceAll((column, value) -> value instanceof Array array ? elements(array) : value);
        return row;
    }

    private static List<Object> elements(Array array) {
        try {
            return List.of((Object[]) array.getArray());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> counters(Cast cast) {
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("ana", inbox.activeConversations(cast.ana()));
        counters.put("ben", inbox.activeConversations(cast.ben()));
        return counters;
    }

    /** A conversation whose visitor fills every field (escapes included), and two agents of its own. */
    private Cast cast() {
        int run = runs.incrementAndGet();
        long conversation = inbox.post("/api/v1/conversations", Map.of(
                "visitor", Map.of("name", "Zoë \"Zed\" Núñez\\", "email", "zoe" + run + "@example.com",
                        "externalId", "crm-" + run),
                "channel", "web", "subject", "Refund ✓ for order <4411>"), HttpStatus.CREATED).get("id").asLong();
        return new Cast(conversation, inbox.createAgent("Ana", "ana" + run + "@example.com"),
                inbox.createAgent("Ben \"B\"", "ben" + run + "@example.com"));
    }

    private void act(long conversation, String action) {
        assertThat(inbox.action(conversation, action, null).status()).as(action).isEqualTo(200);
    }

    private void assign(long conversation, long agent) {
        assertThat(inbox.assign(conversation, agent).status()).isEqualTo(200);
    }

    private ExpectedVersion currentVersion(Cast cast) {
        return ExpectedVersion.of(IfMatch.versions(jdbc.sql("select 'W/\"' || version || '\"' from conversation where id = :id")
                .param("id", cast.conversation()).query(String.class).single()));
    }
}
