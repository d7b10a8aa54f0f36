package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.Conversation;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code find} with a lock mode is one primary-key select with {@code for no key update}; a JPQL
 * query would do the same through the query interpreter on every transition.
 */
class ConversationLocksImpl implements ConversationLocks {

    private final EntityManager entityManager;

    ConversationLocksImpl(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public Optional<Conversation> lockById(long id) {
        return Optional.ofNullable(entityManager.find(Conversation.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public List<Conversation> lockUnansweredSince(Instant cutoff, int limit) {
        return entityManager.createNativeQuery("""
                        select * from conversation where awaiting_reply_since < :cutoff
                        order by awaiting_reply_since, id limit :limit
                        for no key update skip locked""", Conversation.class)
                .setParameter("cutoff", cutoff).setParameter("limit", limit)
                .getResultList();
    }
}
