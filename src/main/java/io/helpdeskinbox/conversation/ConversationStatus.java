package io.helpdeskinbox.conversation;

import java.util.EnumSet;
import java.util.Set;

/** The folder a conversation lives in, and the one state machine that moves it between them. */
public enum ConversationStatus {
    UNASSIGNED,
    ASSIGNED,
    ARCHIVED;

    /** Each action and the statuses it may start from; anything else is a 409. */
    public enum Transition {
        ASSIGN(EnumSet.of(UNASSIGNED)),
        TRANSFER(EnumSet.of(ASSIGNED)),
        UNASSIGN(EnumSet.of(ASSIGNED)),
        ARCHIVE(EnumSet.of(UNASSIGNED, ASSIGNED)),
        REOPEN(EnumSet.of(ARCHIVED)),
        HANDOFF(EnumSet.of(UNASSIGNED, ASSIGNED));

        private final Set<ConversationStatus> from;

        Transition(Set<ConversationStatus> from) {
            this.from = from;
        }

        /** The statuses it may start from, for a statement that applies it in one step. */
        public Set<ConversationStatus> from() {
            return from;
        }
    }

    public boolean allows(Transition transition) {
        return transition.from.contains(this);
    }
}
