package io.helpdeskinbox.assignment;

import java.util.Collection;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The engine's claims, all made in PostgreSQL so any number of app instances can run the engine at
 * once. {@code skip locked}: a conversation or agent another transaction is changing right now is
 * passed over, never waited for, so a claim cannot deadlock with a transition in flight.
 */
interface AutoAssignmentQueue extends Repository<AssignmentSettings, Short>, QueueStates {

    /** Key of the transaction-scoped advisory lock that makes the engine's decisions one at a time. */
    long ENGINE_LOCK = 0x1D_B0C5_A551_6E00L;

    interface WaitingConversation {
        long getId();

        Long getReleasedByAgentId();
    }

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

    /**
     * Serializes the engine's decisions across instances until the transaction ends: each decision
     * sees the counters the previous one committed, which is what makes BALANCED exact. Taken only
     * after the caller's own change, and every decision re-reads the rows, so a trigger that commits
     * while another decision waits is seen by it: no wake-up is lost between two instances.
     */
    @Query(value = "select pg_advisory_xact_lock(" + ENGINE_LOCK + ") is not null", nativeQuery = true)
    boolean lockEngine();

    /** The conversation waiting longest, locked, skipping those passed over in this drain. */
    @Query(value = """
            select id as id, released_by_agent_id as releasedByAgentId from conversation
            where status = 'UNASSIGNED' and waiting_for_agent and id not in (:passedOver)
            order by waiting_since, id
            limit 1
            for update skip locked""", nativeQuery = true)
    Optional<WaitingConversation> claimLongestWaiting(Collection<Long> passedOver);

    /** BALANCED: the ONLINE agent (present, with presence on) with room and the fewest active conversations; ties to the one idle longest. */
    @Query(value = """
            select id from agent
            where active and availability = 'ONLINE' and (present or not :presence) and id <> :excludedAgentId
              and (coalesce(capacity, cast(:defaultCapacity as integer)) is null
                   or active_conversations < coalesce(capacity, cast(:defaultCapacity as integer)))
            order by active_conversations, last_assigned_at nulls first, id
            limit 1
            for no key update skip locked""", nativeQuery = true)
    Optional<Long> claimLeastBusyAgent(Integer defaultCapacity, boolean presence, long excludedAgentId);

    /** ROUND_ROBIN: the ONLINE agent (present, with presence on) with room whose last automatic assignment is the oldest. */
    @Query(value = """
            select id from agent
            where active and availability = 'ONLINE' and (present or not :presence) and id <> :excludedAgentId
              and (coalesce(capacity, cast(:defaultCapacity as integer)) is null
                   or active_conversations < coalesce(capacity, cast(:defaultCapacity as integer)))
            order by auto_assignment_turn nulls first, id
            limit 1
            for no key update skip locked""", nativeQuery = true)
    Optional<Long> claimNextAgentInTurn(Integer defaultCapacity, boolean presence, long excludedAgentId);
}
