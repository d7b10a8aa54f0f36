package io.helpdeskinbox.conversation;

import static io.helpdeskinbox.conversation.TransitionEffects.Value.BY_ENGINE;
import static io.helpdeskinbox.conversation.TransitionEffects.Value.FALSE;
import static io.helpdeskinbox.conversation.TransitionEffects.Value.NOW;
import static io.helpdeskinbox.conversation.TransitionEffects.Value.NOW_IF_BY_ENGINE;
import static io.helpdeskinbox.conversation.TransitionEffects.Value.NULL;
import static io.helpdeskinbox.conversation.TransitionEffects.Value.THE_AGENT;
import static io.helpdeskinbox.conversation.TransitionEffects.Value.THE_ASSIGNEE;
import static io.helpdeskinbox.conversation.TransitionEffects.Value.TRUE;

import io.helpdeskinbox.conversation.ConversationStatus.Transition;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What each transition sets on the conversation, column by column: declared once, here. The entity
 * applies it ({@link Conversation}), and the statements that apply a transition in one round trip
 * write it as SQL ({@link ConversationStatements}); {@code OneStatementTransitionsIT} holds the two
 * to the same row.
 *
 * <p>A declaration also names columns that already hold in the state the transition starts from (an
 * assignment's {@code archived_at}, a transfer's {@code waiting_since}): setting them again changes
 * nothing in the entity, and a statement must set every column a CHECK ties to the status it leaves,
 * because PostgreSQL checks the row it first computes from the statement's snapshot, which may be an
 * older version than the one the statement locked.
 *
 * <p>Every transition also touches {@code updated_at} and raises the version.
 */
public final class TransitionEffects {

    /** The columns a transition may set, besides its status. */
    public enum Column {
        ASSIGNEE("assignee_id"),
        PREVIOUS_ASSIGNEE("previous_assignee_id"),
        RELEASED_BY_AGENT("released_by_agent_id"),
        ASSIGNED_AT("assigned_at"),
        ASSIGNED_BY_ENGINE("assigned_by_engine"),
        AWAITING_REPLY_SINCE("awaiting_reply_since"),
        WAITING_FOR_AGENT("waiting_for_agent"),
        WAITING_SINCE("waiting_since"),
        ARCHIVED_AT("archived_at");

        private final String name;

        Column(String name) {
            this.name = name;
        }

        /** Its name in the table. */
        public String sqlName() {
            return name;
        }
    }

    /** What a column is set to, from the cause of the change and the conversation as it was before. */
    public enum Value {
        NULL,
        TRUE,
        FALSE,
        /** The moment of the change. */
        NOW,
        /** The agent who receives the conversation. */
        THE_AGENT,
        /** The assignee the conversation had before the change. */
        THE_ASSIGNEE,
        /** Whether the engine (auto-assignment or the reopen policy) made the change, not a person. */
        BY_ENGINE,
        /** The moment of the change when the engine made it: its agent owes the visitor an answer from then. */
        NOW_IF_BY_ENGINE;

        /** Its value for a change made for {@code cause}, to a conversation whose assignee was {@code assigneeBefore}. */
        public Object in(Cause cause, Object receivingAgent, Long assigneeBefore) {
            return switch (this) {
                case NULL -> null;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case NOW -> cause.at();
                case THE_AGENT -> receivingAgent;
                case THE_ASSIGNEE -> assigneeBefore;
                case BY_ENGINE -> cause.byEngine();
                case NOW_IF_BY_ENGINE -> cause.byEngine() ? cause.at() : null;
            };
        }
    }

    private static final Map<Transition, Map<Column, Value>> EFFECTS = new EnumMap<>(Transition.class);

    static {
        declare(Transition.ASSIGN, Map.of(
                Column.ASSIGNEE, THE_AGENT, Column.ASSIGNED_AT, NOW,
                Column.ASSIGNED_BY_ENGINE, BY_ENGINE, Column.AWAITING_REPLY_SINCE, NOW_IF_BY_ENGINE,
                Column.WAITING_FOR_AGENT, FALSE, Column.WAITING_SINCE, NULL, Column.RELEASED_BY_AGENT, NULL,
                Column.ARCHIVED_AT, NULL));
        // always by hand: whoever picked the previous assignee, nobody's answer is owed to the engine now
        declare(Transition.TRANSFER, Map.of(
                Column.PREVIOUS_ASSIGNEE, THE_ASSIGNEE, Column.ASSIGNEE, THE_AGENT, Column.ASSIGNED_AT, NOW,
                Column.ASSIGNED_BY_ENGINE, FALSE, Column.AWAITING_REPLY_SINCE, NULL,
                Column.WAITING_SINCE, NULL, Column.ARCHIVED_AT, NULL));
        // back into the queue, remembering who let it go so the engine does not hand it straight back
        declare(Transition.UNASSIGN, Map.of(
                Column.PREVIOUS_ASSIGNEE, THE_ASSIGNEE, Column.RELEASED_BY_AGENT, THE_ASSIGNEE,
                Column.ASSIGNEE, NULL, Column.ASSIGNED_AT, NULL,
                Column.ASSIGNED_BY_ENGINE, FALSE, Column.AWAITING_REPLY_SINCE, NULL,
                Column.WAITING_FOR_AGENT, TRUE, Column.WAITING_SINCE, NOW, Column.ARCHIVED_AT, NULL));
        // the assignee stays, as the agent who handled it
        declare(Transition.ARCHIVE, Map.of(
                Column.ARCHIVED_AT, NOW, Column.ASSIGNED_BY_ENGINE, FALSE, Column.AWAITING_REPLY_SINCE, NULL,
                Column.WAITING_FOR_AGENT, FALSE, Column.WAITING_SINCE, NULL, Column.RELEASED_BY_AGENT, NULL));
        // the agent who handled it (none when archived from the queue) is remembered for the reopen policy
        declare(Transition.REOPEN, Map.of(
                Column.PREVIOUS_ASSIGNEE, THE_ASSIGNEE, Column.ASSIGNEE, NULL, Column.ASSIGNED_AT, NULL,
                Column.ARCHIVED_AT, NULL, Column.WAITING_FOR_AGENT, TRUE, Column.WAITING_SINCE, NOW,
                Column.RELEASED_BY_AGENT, NULL));
        declare(Transition.HANDOFF, Map.of(
                Column.WAITING_FOR_AGENT, TRUE, Column.WAITING_SINCE, NOW, Column.RELEASED_BY_AGENT, NULL));
    }

    private TransitionEffects() {
    }

    /** The columns {@code transition} sets and their values, in the columns' order. */
    public static Map<Column, Value> of(Transition transition) {
        return EFFECTS.get(transition);
    }

    private static void declare(Transition transition, Map<Column, Value> effects) {
        EFFECTS.put(transition, Collections.unmodifiableMap(new EnumMap<>(effects)));
    }
}
