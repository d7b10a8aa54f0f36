package io.helpdeskinbox.assignment;

import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ExpectedVersion;

/**
 * The actions that move a conversation between folders by hand, as the caller asks for them: each
 * refuses what the conversation's state forbids (409), a version that is no longer current (412)
 * and an unknown or inactive agent (422), and answers the conversation as its commit left it. A
 * transition that already holds is a success that changes nothing.
 */
public interface AssignmentService {

    ConversationResponse assign(long conversationId, long agentId, ExpectedVersion expected);

    ConversationResponse transfer(long conversationId, long agentId, ExpectedVersion expected);

    /**
     * To a team's queue: unassigned from its agent if it has one, waiting for an agent of the team
     * (422 for an unknown team; 409 when archived).
     */
    ConversationResponse transferToTeam(long conversationId, long teamId, ExpectedVersion expected);

    /** Back into the queue, waiting for an agent; not straight back to the agent who let it go. */
    ConversationResponse unassign(long conversationId, ExpectedVersion expected);

    ConversationResponse archive(long conversationId, ExpectedVersion expected);

    /** Open again, in the queue, or straight back to the agent who handled it, by the reopen policy. */
    ConversationResponse reopen(long conversationId, ExpectedVersion expected);

    /** The bot asks for a human: the conversation waits for an agent. */
    ConversationResponse requestHandoff(long conversationId, ExpectedVersion expected);
}
