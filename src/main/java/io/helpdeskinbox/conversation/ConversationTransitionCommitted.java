package io.helpdeskinbox.conversation;

/**
 * A transition that committed as one statement, with its timeline entry and its event, and with no
 * entity to announce it from inside a transaction: announced once committed, for what follows a
 * commit (the relay, the engine). What must commit with a change is in the statement itself.
 */
public record ConversationTransitionCommitted(ConversationResponse conversation, ConversationEventType change) {
}
