package io.helpdeskinbox.agent;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The only writer of agent rows' concurrency-sensitive columns. Each method is one atomic UPDATE:
 * it takes the agent's row lock for the rest of the caller's transaction, so concurrent
 * transitions on one agent serialize in the database, whatever app instance runs them.
 *
 * <p>Plain JDBC in the caller's transaction: these run on every transition, and a statement here
 * costs a round trip and nothing else. The {@link Agent} entity of the same transaction is not
 * refreshed by them; nothing reads its counter after.
 */
@Repository
public class AgentCounters {

    private final JdbcClient jdbc;

    AgentCounters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return 1, or 0 when the agent is not (or no longer) active: the caller must then fail. */
    public int incrementIfActive(long agentId, Instant now) {
        return jdbc.sql(CounterStatements.takeOne("true"))
                .param("agentId", agentId).param("now", Timestamp.from(now)).update();
    }

    /**
     * An automatic assignment of that conversation: only to an agent who may take it now
     * ({@link CounterStatements#mayTakeAutomatically}: ONLINE, present when that counts, with room,
     * in its team, with its skills), checked in the same statement that counts it, so no capacity is
     * exceeded even momentarily. Stamps the agent's ROUND_ROBIN turn.
     *
     * @return 1, or 0 when the agent may not take it
     */
    public int incrementIfMayTake(long agentId, long conversationId, Integer defaultCapacity, boolean presence,
            Instant now) {
        return jdbc.sql(CounterStatements.takeOneAutomatically("cast(:defaultCapacity as integer)",
                        "cast(:presence as boolean)"))
                .param("agentId", agentId).param("conversationId", conversationId)
                .param("defaultCapacity", defaultCapacity).param("presence", presence)
                .param("now", Timestamp.from(now)).update();
    }

    /**
     * A transfer: one conversation moves from one agent's counter to another's, both locked in
     * ascending id order first ({@link CounterStatements#lockTransferring}).
     *
     * @return 2, or 0 when the receiving agent is not (or no longer) active: the caller must then fail
     */
    public int move(long fromAgentId, long toAgentId, Instant now) {
        return jdbc.sql("with transferring as (" + CounterStatements.lockTransferring(":from", ":to", "true") + ") "
                        + CounterStatements.transfer("transferring", ":to"))
                .param("from", fromAgentId).param("to", toAgentId).param("now", Timestamp.from(now)).update();
    }

    public int decrement(long agentId, int released) {
        return jdbc.sql("update agent set active_conversations = active_conversations - :released where id = :agentId")
                .param("agentId", agentId).param("released", released).update();
    }

    /** An agent's row as locked: whether it is active, and how many conversations its counter holds. */
    public record LockedAgent(boolean active, int activeConversations) {
    }

    /**
     * Locks the agent row without changing it, so no assignment to the agent can commit until the
     * caller's transaction ends.
     *
     * @return the agent as locked; empty when it does not exist
     */
    public Optional<LockedAgent> lock(long agentId) {
        return jdbc.sql("select active, active_conversations from agent where id = :agentId for no key update")
                .param("agentId", agentId)
                .query((row, n) -> new LockedAgent(row.getBoolean("active"), row.getInt("active_conversations")))
                .optional();
    }

    /**
     * Deactivates and releases in one statement: the CHECK that an inactive agent holds nothing
     * is evaluated on this row, so a released count that is not the counter fails loudly.
     */
    public int deactivate(long agentId, int released, Instant now) {
        return jdbc.sql("""
                        update agent set active = false, availability = 'OFFLINE', updated_at = :now,
                                         active_conversations = active_conversations - :released
                        where id = :agentId""")
                .param("agentId", agentId).param("released", released).param("now", Timestamp.from(now)).update();
    }

    /** @return 1, or 0 when the agent is inactive (or does not exist). */
    public int changeAvailability(long agentId, String availability, Instant now) {
        return jdbc.sql("""
                        update agent set availability = :availability, updated_at = :now
                        where id = :agentId and active""")
                .param("agentId", agentId).param("availability", availability).param("now", Timestamp.from(now))
                .update();
    }
}
