package io.helpdeskinbox.assignment;

import io.helpdeskinbox.conversation.MessageAuthor;
import io.helpdeskinbox.conversation.MessageResponse;

/**
 * Messages written in a conversation. A visitor writing in an archived conversation reopens it,
 * under the reopen policy; an agent writes only in a conversation it holds.
 */
public interface ConversationMessages {

    /** @param agentId the agent who writes, for an AGENT message (null otherwise) */
    MessageResponse post(long conversationId, MessageAuthor author, Long agentId, String text);
}
