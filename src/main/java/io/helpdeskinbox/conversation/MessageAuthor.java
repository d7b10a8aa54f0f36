package io.helpdeskinbox.conversation;

public enum MessageAuthor {
    VISITOR,
    AGENT,
    BOT
}
