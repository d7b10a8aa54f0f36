package io.helpdeskinbox.routing.internal;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The queue as ops watch it, and whether the engine has anything to do ({@link QueueStates}). */
interface AutoAssignmentQueue extends Repository<AssignmentSettings, Short>, QueueStates {

    /** Key of the transaction-scoped advisory lock that makes the engine's batches one at a time ({@link AutoAssignmentBatches#claim}). */
    long ENGINE_LOCK = 0x1D_B0C5_A551_6E00L;

    /** The queue as ops watch it: how many wait, and for how long the oldest has. */
    interface QueueLength {
        long getWaiting();

        double getOldestWaitSeconds();
    }

    @Query(value = """
            select count(*) as waiting,
                   coalesce(extract(epoch from (now() - min(waiting_since))), 0) as oldestWaitSeconds
            from conversation where status = 'UNASSIGNED' and waiting_for_agent""", nativeQuery = true)
    QueueLength length();
}
