package io.helpdeskinbox.conversation;

/** A created conversation; {@code replayed} when an Idempotency-Key returned an earlier creation. */
public record CreatedConversation(ConversationResponse conversation, boolean replayed) {
}
