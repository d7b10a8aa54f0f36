package io.helpdeskinbox.conversation;

import java.util.Optional;

/** Row locks on conversations, taken through the entity loader rather than a query. */
public interface ConversationLocks {

    /** Row lock for the rest of the transaction: transitions of one conversation run one at a time. */
    Optional<Conversation> lockById(long id);
}
