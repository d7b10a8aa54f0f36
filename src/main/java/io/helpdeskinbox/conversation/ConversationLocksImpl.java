package io.helpdeskinbox.conversation;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
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
}
