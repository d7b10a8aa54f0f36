package io.helpdeskinbox.routing;

import io.helpdeskinbox.conversation.Conversation;

/**
 * The reopen policy's automatic part, for the transitions that reopen a conversation (by hand, or
 * by the visitor's message): in the reopening transaction, the conversation goes straight back to
 * the agent who handled it when the policy says so and that agent can take it; else it waits in
 * the queue, served after the commit like any other.
 */
public interface ReopenHandBack {

    /** Inside the transaction that reopened it, once saved. */
    void giveBack(Conversation reopened);
}
