package io.helpdeskinbox.conversation;

/** Why a conversation moved. */
public enum EventReason {
    /** Someone asked for it through the API. */
    MANUAL,
    /** The auto-assignment engine picked the agent. */
    AUTO,
    /** The reopen policy handed it back to its previous agent. */
    REOPEN,
    /** Its agent was deactivated. */
    AGENT_DEACTIVATED,
    /** The visitor wrote again in an archived conversation. */
    VISITOR_MESSAGE,
    /** The engine's assignee did not answer the visitor within the response timeout: back to the queue. */
    RESPONSE_TIMEOUT,
    /** Sent to a team's queue (a transfer with a team instead of an agent). */
    TRANSFERRED_TO_TEAM,
    /** Its team was deleted: it went to the global queue. */
    TEAM_DELETED
}
