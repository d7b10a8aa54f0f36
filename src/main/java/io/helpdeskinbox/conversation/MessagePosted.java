package io.helpdeskinbox.conversation;

/** A message was written in a conversation; it moves no folder and no counter. */
public record MessagePosted(Long conversationId, MessageResponse message) {
}
