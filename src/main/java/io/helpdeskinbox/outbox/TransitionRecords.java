package io.helpdeskinbox.outbox;

import io.helpdeskinbox.conversation.ConversationStatements;

/**
 * What a transition records, as parts of the statement that applies it in one round trip: the
 * timeline's entry (the conversation module's part) and the outbox's event, written by the same
 * statement that changes the conversation. The statement of another module puts these parts beside
 * its own; each table's part comes from the module that owns it.
 *
 * <p>The event stores the changed row as {@code to_jsonb} writes it ({@link EventPayloads} shapes it
 * into the API's conversation where the event is delivered): building the API's JSON in the statement,
 * under its row locks, cost a fifth of its throughput at 32 clients (BENCHMARKS.md).
 */
public final class TransitionRecords {

    private TransitionRecords() {
    }

    /**
     * The agents of {@code relation} that {@code where} keeps, as an event shows them, in id order;
     * the relation (the {@code agent} table, or the rows a counter update returned) is aliased {@code a}.
     */
    public static String agents(String relation, String where) {
        return "(select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'name', a.name,"
                + " 'availability', a.availability, 'activeConversations', a.active_conversations,"
                + " 'active', a.active, 'present', a.present) order by a.id), cast('[]' as jsonb))"
                + " from " + relation + " a where " + where + ")";
    }

    /**
     * Two CTEs, {@code entry} and {@code event}: for each row of {@code changed}, in the order of its
     * {@code step}, the timeline's entry and the event. {@code changed} holds the conversation's
     * {@code id}, its {@code from_status} and {@code status}, the changed {@code row}, the entry's
     * {@code entry_agent_id} and {@code entry_previous_agent_id}, and the event's {@code agents}
     * ({@link #agents}). The statement binds {@code :entryType}, {@code :reason}, {@code :actor},
     * {@code :eventType}, {@code :now} and {@code :at} (the same moment, as ISO-8601 text).
     */
    public static String recorded(String changed) {
        return """
                %3$s,
                event as (
                    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
                    select :eventType, c.id, lower(c.from_status), lower(c.status),
                           jsonb_build_object('type', cast(:eventType as text), 'at', cast(:at as text),
                               '%2$s', c.row, 'fromFolder', lower(c.from_status), 'toFolder', lower(c.status),
                               'agents', c.agents),
                           :now
                    from %1$s c order by c.step)""".formatted(changed, EventPayloads.CONVERSATION_ROW,
                ConversationStatements.timelineEntries(changed));
    }
}
