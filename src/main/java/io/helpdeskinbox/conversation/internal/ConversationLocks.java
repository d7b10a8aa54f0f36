package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.Conversation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Row locks on conversations, taken through the entity loader rather than a query. */
public interface ConversationLocks {

    /** Row lock for the rest of the transaction: transitions of one conversation run one at a time. */
    Optional<Conversation> lockById(long id);

    /**
     * Up to {@code limit} conversations whose visitor has waited for an answer since before
     * {@code cutoff}, longest first, locked for the rest of the transaction; those another
     * transaction holds are passed over ({@code skip locked}), not waited for.
     */
    List<Conversation> lockUnansweredSince(Instant cutoff, int limit);
}
