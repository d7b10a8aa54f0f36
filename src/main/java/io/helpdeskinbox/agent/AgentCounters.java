package io.helpdeskinbox.agent;

import java.time.Instant;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The only writer of agent rows' concurrency-sensitive columns. Each method is one atomic UPDATE:
 * it takes the agent's row lock for the rest of the caller's transaction, so concurrent
 * transitions on one agent serialize in the database, whatever app instance runs them.
 */
public interface AgentCounters extends Repository<Agent, Long> {

    /** @return 1, or 0 when the agent is not (or no longer) active: the caller must then fail. */
    @Modifying(flushAutomatically = true)
    @Query(value = """
            update agent set active_conversations = active_conversations + 1, last_assigned_at = :now
            where id = :agentId and active""", nativeQuery = true)
    int incrementIfActive(long agentId, Instant now);

    /**
     * An automatic assignment: only to an active ONLINE agent below its capacity (its own, else
     * {@code defaultCapacity}; null = unlimited), checked in the same statement that counts it, so
     * no capacity is exceeded even momentarily. Stamps the agent's ROUND_ROBIN turn.
     *
     * @return 1, or 0 when the agent may not take it
     */
    @Modifying(flushAutomatically = true)
    @Query(value = """
            update agent set active_conversations = active_conversations + 1, last_assigned_at = :now,
                             auto_assignment_turn = nextval('agent_auto_assignment_turn')
            where id = :agentId and active and availability = 'ONLINE'
              and (coalesce(capacity, cast(:defaultCapacity as integer)) is null
                   or active_conversations < coalesce(capacity, cast(:defaultCapacity as integer)))""",
            nativeQuery = true)
    int incrementIfOnlineWithRoom(long agentId, Integer defaultCapacity, Instant now);

    @Modifying(flushAutomatically = true)
    @Query(value = "update agent set active_conversations = active_conversations - :released where id = :agentId",
            nativeQuery = true)
    int decrement(long agentId, int released);

    /**
     * Locks the agent row without changing it, so no assignment to the agent can commit until the
     * caller's transaction ends.
     *
     * @return whether the agent is active; null when it does not exist
     */
    @Query(value = "select active from agent where id = :agentId for no key update", nativeQuery = true)
    Boolean lockAndReadActive(long agentId);

    /**
     * Deactivates and releases in one statement: the CHECK that an inactive agent holds nothing
     * is evaluated on this row, so a released count that is not the counter fails loudly.
     */
    @Modifying(flushAutomatically = true)
    @Query(value = """
            update agent set active = false, availability = 'OFFLINE', updated_at = :now,
                             active_conversations = active_conversations - :released
            where id = :agentId""", nativeQuery = true)
    int deactivate(long agentId, int released, Instant now);

    /** @return 1, or 0 when the agent is inactive (or does not exist). */
    @Modifying(flushAutomatically = true)
    @Query(value = """
            update agent set availability = :availability, updated_at = :now
            where id = :agentId and active""", nativeQuery = true)
    int changeAvailability(long agentId, String availability, Instant now);
}
