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
        ASSIGN(EnumSet.of(UNASSIGNED), ASSIGNED, "assigned"),
        TRANSFER(EnumSet.of(ASSIGNED), ASSIGNED, "transferred"),
        UNASSIGN(EnumSet.of(ASSIGNED), UNASSIGNED, "unassigned"),
        ARCHIVE(EnumSet.of(UNASSIGNED, ASSIGNED), ARCHIVED, "archived"),
        REOPEN(EnumSet.of(ARCHIVED), UNASSIGNED, "reopened"),
        /** The folder stays; the conversation starts waiting for an agent. */
        HANDOFF(EnumSet.of(UNASSIGNED, ASSIGNED), null, "handed off to an agent"),
        /**
         * To a team's queue: an unassign when assigned, a handoff when not waiting yet (their effects,
         * see {@link Conversation#transferToTeam}), and the team changes.
         */
        TRANSFER_TO_TEAM(EnumSet.of(UNASSIGNED, ASSIGNED), UNASSIGNED, "transferred to a team");

        private final Set<ConversationStatus> from;
        private final ConversationStatus to;
        private final String pastTense;

        Transition(Set<ConversationStatus> from, ConversationStatus to, String pastTense) {
            this.from = from;
            this.to = to;
            this.pastTense = pastTense;
        }

        /** As a refusal says it: "cannot be archived". */
        public String pastTense() {
            return pastTense;
        }

        /** The status it leaves the conversation in; null when the status stays. */
        public ConversationStatus to() {
            return to;
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
