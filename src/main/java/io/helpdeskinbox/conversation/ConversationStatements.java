package io.helpdeskinbox.conversation;

import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * This module's parts of a statement that applies a transition in one round trip: the
 * conversation's {@code update} that sets what {@link TransitionEffects} declares, as SQL, and the
 * timeline's entries. Other modules put them beside their own parts (the counters, the event) in one
 * statement; only this module writes these tables.
 *
 * <p>The statement binds {@code :now}, the moment of the change. Every value is computed from the
 * row as it was before the update, as the entity computes its own.
 */
public final class ConversationStatements {

    private ConversationStatements() {
    }

    /**
     * {@code update conversation set ... [from <from>] where <where> returning conversation.*}.
     *
     * @param byEngine whether the engine makes the change (auto-assignment), not a person
     * @param receivingAgent the SQL of the receiving agent's id, for a transition that has one
     * @param from the relations the condition joins, or null
     */
    public static String update(Transition transition, boolean byEngine, String receivingAgent, String from,
            String where) {
        List<String> assignments = new ArrayList<>();
        if (transition.to() != null) {
            assignments.add("status = '" + transition.to().name() + "'");
        }
        TransitionEffects.of(transition).forEach((column, value) -> assignments.add(column.sqlName() + " = "
                + switch (value) {
                    case NULL -> "null";
                    case TRUE -> "true";
                    case FALSE -> "false";
                    case NOW -> ":now";
                    case THE_AGENT -> receivingAgent;
                    case THE_ASSIGNEE -> "conversation.assignee_id";
                    case BY_ENGINE -> String.valueOf(byEngine);
                    case NOW_IF_BY_ENGINE -> byEngine ? ":now" : "null";
                }));
        assignments.add("updated_at = :now");
        assignments.add("version = version + 1");
        return "update conversation set " + String.join(", ", assignments)
                + (from == null ? "" : " from " + from) + " where " + where + " returning conversation.*";
    }

    /**
     * The changed conversation {@code moved} as an event stores it ({@link ConversationResponse#ofRow}):
     * its row, its assignee's name ({@code assigneeName}, SQL) and its team's.
     */
    public static String row(String moved, String assigneeName) {
        return "to_jsonb(" + moved + ") || jsonb_build_object('assignee_name', " + assigneeName
                + ", 'team_name', (select t.name from team t where t.id = " + moved + ".team_id))";
    }

    /**
     * {@code update conversation ... returning conversation.*}: every conversation of the team
     * {@code :teamId} leaves it for the global queue, its folder and assignee as they are.
     */
    public static String leavingTeam() {
        return "update conversation set team_id = null, updated_at = :now, version = version + 1"
                + " where team_id = :teamId returning conversation.*";
    }

    /**
     * A CTE, {@code entry}: for each row of {@code changed}, in the order of its {@code step}, the
     * timeline's entry of the change of the conversation {@code id}, with the row's
     * {@code entry_agent_id} and {@code entry_previous_agent_id}. The statement binds
     * {@code :entryType}, {@code :reason}, {@code :actor} and {@code :now}.
     */
    public static String timelineEntries(String changed) {
        return """
                entry as (
                    insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
                    select c.id, :entryType, c.entry_agent_id, c.entry_previous_agent_id, :reason, :actor, :now
                    from %s c order by c.step)""".formatted(changed);
    }

    /**
     * One timeline entry, as a statement of its own or a CTE's body. It binds {@code :conversationId},
     * {@code :entryType}, {@code :entryAgentId}, {@code :entryPreviousAgentId}, {@code :entryReason},
     * {@code :entryActor} and {@code :entryAt}.
     */
    public static final String TIMELINE_ENTRY = """
            insert into conversation_event (conversation_id, type, agent_id, previous_agent_id, reason, actor, at)
            values (:conversationId, :entryType, :entryAgentId, :entryPreviousAgentId, :entryReason, :entryActor,
                    :entryAt)""";
}
