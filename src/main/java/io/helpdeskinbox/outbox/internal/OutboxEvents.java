package io.helpdeskinbox.outbox.internal;

import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationStatements;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.infrastructure.PostgresArrays;
import io.helpdeskinbox.outbox.OutboxTicks;
import io.helpdeskinbox.outbox.TransitionRecords;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The write side of the outbox: one insert per event, in the transaction of its change. Each row is
 * stamped with its writer's transaction id (the column's default), which is all the relay needs to
 * order it (see {@link OutboxTicks}); no lock, no shared row.
 */
@Repository
class OutboxEvents {

    private final JdbcClient jdbc;

    OutboxEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the conversation's timeline records of a change, written with its event. */
    record NewTimelineEntry(ConversationEventType type, Long agentId, Long previousAgentId, EventReason reason,
            String actor, Instant at) {
    }

    /**
     * An event to insert. {@code payload} is its JSON without id and agents: the agents' counters
     * are read in the insert itself, so they are the ones this transaction commits.
     */
    record NewEvent(String type, Long conversationId, String fromFolder, String toFolder, String payload,
            Set<Long> agentIds, NewTimelineEntry timelineEntry) {
    }

    void insert(NewEvent event, Instant now) {
        NewTimelineEntry entry = event.timelineEntry();
        jdbc.sql(entry == null ? INSERT_EVENT : INSERT_TIMELINE_ENTRY_AND_EVENT)
                .params(entry == null ? Map.of() : timelineParameters(entry))
                .param("type", event.type())
                .param("conversationId", event.conversationId())
                .param("fromFolder", event.fromFolder()).param("toFolder", event.toFolder())
                .param("payload", event.payload())
                .param("agentIds", PostgresArrays.literal(event.agentIds()))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** For housekeeping inside a transaction: its statements may run past the sessions' statement_timeout. */
    void liftStatementTimeoutForThisTransaction() {
        jdbc.sql("set local statement_timeout = 0").update();
    }

    /** Events older than {@code cutoff} that a tick holds and no webhook delivery still needs. */
    int pruneBefore(Instant cutoff) {
        return jdbc.sql("""
                        delete from outbox_event e where e.created_at < :cutoff
                        and e.tx_id < (select pg_snapshot_xmin(snap) from outbox_tick order by id desc limit 1)
                        and not exists (select 1 from webhook_delivery d where d.event_id = e.id)""")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    private static Map<String, Object> timelineParameters(NewTimelineEntry entry) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("entryType", entry.type().name());
        parameters.put("entryAgentId", entry.agentId());
        parameters.put("entryPreviousAgentId", entry.previousAgentId());
        parameters.put("entryReason", entry.reason().name());
        parameters.put("entryActor", entry.actor());
        parameters.put("entryAt", Timestamp.from(entry.at()));
        return parameters;
    }

    private static final String INSERT_EVENT = """
            insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
            values (:type, :conversationId, :fromFolder, :toFolder,
                    cast(:payload as jsonb) || jsonb_build_object('agents', %s), :now)""".formatted(
            TransitionRecords.agents("agent", "a.id = any(cast(:agentIds as bigint[]))"));

    /** The change's entry in the conversation's timeline (the conversation module's part) and its event, in one round trip. */
    private static final String INSERT_TIMELINE_ENTRY_AND_EVENT = "with timeline_entry as ("
            + ConversationStatements.TIMELINE_ENTRY + ")\n" + INSERT_EVENT;
}
