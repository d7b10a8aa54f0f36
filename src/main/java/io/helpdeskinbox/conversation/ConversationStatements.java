package io.helpdeskinbox.conversation;

import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation table's part of a statement that applies a transition in one round trip: the
 * {@code update} that sets what {@link TransitionEffects} declares, as SQL. Other modules put it
 * beside their own parts (the counters, the timeline, the event) in one statement; only this module
 * writes the table.
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
}
