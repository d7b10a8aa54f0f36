package io.helpdeskinbox.conversation;

import jakarta.persistence.LockModeType;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface ConversationRepository extends JpaRepository<Conversation, Long>, ConversationLocks {

    /** Locked in id order, so two transactions locking overlapping sets cannot deadlock on each other. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Conversation c where c.assignee.id = :agentId and c.status = :status order by c.id")
    List<Conversation> findByAssigneeForUpdate(long agentId, ConversationStatus status);

    interface StatusCount {
        ConversationStatus getStatus();

        long getCount();
    }

    @Query("select c.status as status, count(c) as count from Conversation c where c.assignee.id = :assigneeId group by c.status")
    List<StatusCount> countByStatusForAssignee(long assigneeId);
}
