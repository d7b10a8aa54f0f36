package io.helpdeskinbox.conversation;

import io.helpdeskinbox.conversation.internal.ConversationLocks;
import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

public interface ConversationRepository extends JpaRepository<Conversation, Long>, ConversationLocks {

    /** The conversations an agent holds in a status, in id order. */
    String HELD_BY = "select c from Conversation c where c.assignee.id = :agentId and c.status = :status order by c.id";

    /** Locked in id order, so two transactions locking overlapping sets cannot deadlock on each other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query(HELD_BY)
    List<Conversation> findByAssigneeForUpdate(long agentId, ConversationStatus status);

    /**
     * The same, for a caller that already holds the agent's lock: a conversation another transaction
     * holds fails the query at once (NOWAIT) instead of being waited for. That transaction may be
     * waiting for the agent's lock itself; waiting for it would be a deadlock, which PostgreSQL
     * only breaks after a second, while every transition on the agent queues behind the lock.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = "0"))
    @Query(HELD_BY)
    List<Conversation> findByAssigneeForUpdateWithoutWaiting(long agentId, ConversationStatus status);
}
