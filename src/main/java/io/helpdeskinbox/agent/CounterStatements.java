package io.helpdeskinbox.agent;

/**
 * The agent table's parts of the statements that move counters, each rule written once: who may
 * receive a conversation, how a transfer locks two agents, what a batch of automatic assignments
 * stamps. {@link AgentCounters} runs them alone; the statements that apply a transition in one round
 * trip put them beside the conversation's update, the timeline and the event. Only this module
 * writes the table.
 *
 * <p>Statements bind {@code :now}, the moment of the change. None ends with {@code returning}: a
 * statement that uses one as a CTE adds {@link #RETURNING_COUNTERS}.
 */
public final class CounterStatements {

    /** The counted agents as their change leaves them, as an event shows them. */
    public static final String RETURNING_COUNTERS = " returning agent.id, agent.name, agent.availability,"
            + " agent.active_conversations, agent.active, agent.present";

    private CounterStatements() {
    }

    /** One more for the agent {@code :agentId}, only while it is active: the increment is the arbiter. */
    public static String takeOne(String guard) {
        return "update agent set active_conversations = active_conversations + 1, last_assigned_at = :now"
                + " where id = :agentId and active and " + guard;
    }

    /**
     * One more for the agent {@code :agentId}, only if it may take the conversation
     * {@code :conversationId} automatically now ({@link #mayTakeAutomatically}: its team, its skills,
     * its room under the team's default capacity, else {@code defaultCapacity}); stamps its
     * ROUND_ROBIN turn.
     */
    public static String takeOneAutomatically(String defaultCapacity, String presenceCounts) {
        return "update agent set active_conversations = active_conversations + 1, last_assigned_at = :now,"
                + " auto_assignment_turn = nextval('agent_auto_assignment_turn') from conversation c"
                + " where agent.id = :agentId and c.id = :conversationId and " + mayTakeAutomatically("agent", "c",
                teamDefaultCapacity("c", defaultCapacity), presenceCounts);
    }

    /**
     * The default capacity for the conversation {@code c}: its team's, else {@code defaultCapacity}
     * (the settings'; null: unlimited). An agent's own capacity comes before either.
     */
    public static String teamDefaultCapacity(String c, String defaultCapacity) {
        return "coalesce((select t.default_capacity from team t where t.id = " + c + ".team_id), " + defaultCapacity
                + ")";
    }

    /**
     * Locks both agents of a transfer in ascending id order first. A plain {@code update ... where id
     * in (a, b)} locks them in whatever order its scan meets them (the heap order, which changes as
     * rows are updated), so two transfers between the same agents in opposite directions deadlocked.
     */
    public static String lockTransferring(String fromAgent, String toAgent, String guard) {
        return "select id, active from agent where id in (" + fromAgent + ", " + toAgent + ") and " + guard
                + " order by id for no key update";
    }

    /**
     * Moves one conversation between the counters of the agents {@code locked} holds (from
     * {@link #lockTransferring}), only if the receiving one, as locked, is active: a refused transfer
     * changes nothing.
     */
    public static String transfer(String locked, String toAgent) {
        return "update agent set active_conversations = active_conversations"
                + " + case when agent.id = " + toAgent + " then 1 else -1 end,"
                + " last_assigned_at = case when agent.id = " + toAgent + " then :now else agent.last_assigned_at end"
                + " from " + locked + " where agent.id = " + locked + ".id"
                + " and coalesce((select receiving.active from " + locked + " receiving where receiving.id = "
                + toAgent + "), false)";
    }

    /** One fewer for each agent {@code agentColumn} names among the rows of {@code from} that {@code where} keeps. */
    public static String releaseOne(String from, String agentColumn, String where) {
        return "update agent set active_conversations = active_conversations - 1 from " + from
                + " where agent.id = " + agentColumn + " and " + where;
    }

    /**
     * An engine batch's counters: {@code given} holds each agent's {@code agent_id}, the conversations
     * it {@code received}, and the {@code last_assigned_at} and {@code turn} that rank it for the next
     * batch as the decisions did.
     */
    public static String takeBatch(String given) {
        return "update agent set active_conversations = active_conversations + " + given + ".received,"
                + " last_assigned_at = " + given + ".last_assigned_at, auto_assignment_turn = " + given + ".turn"
                + " from " + given + " where agent.id = " + given + ".agent_id";
    }

    /**
     * Whether the agent {@code a} may take the conversation {@code c} automatically: it may receive
     * conversations automatically and has room ({@link #mayReceiveAutomatically}, with the default
     * capacity of the conversation's team, else the global one), it is a member of the conversation's
     * team when it has one, and it holds every skill the conversation requires. {@code BatchDecisions}
     * decides by the same rule among the agents a batch locked.
     *
     * @param defaultCapacity the SQL of the default capacity for {@code c}: its team's, else the global one
     */
    public static String mayTakeAutomatically(String a, String c, String defaultCapacity, String presenceCounts) {
        return mayReceiveAutomatically(a, defaultCapacity, presenceCounts) + " and " + a + ".skills @> " + c
                + ".required_skills and (" + c + ".team_id is null or exists (select 1 from team_member m"
                + " where m.team_id = " + c + ".team_id and m.agent_id = " + a + ".id))";
    }

    /**
     * Whether the agent {@code a} may receive conversations automatically and has room: active,
     * ONLINE, present when presence counts, below its capacity (its own, else the default; null:
     * unlimited). The SQL names the default capacity and whether presence counts.
     */
    public static String mayReceiveAutomatically(String a, String defaultCapacity, String presenceCounts) {
        String capacity = "coalesce(" + a + ".capacity, " + defaultCapacity + ")";
        return a + ".active and " + a + ".availability = 'ONLINE' and (" + a + ".present or not " + presenceCounts
                + ") and (" + capacity + " is null or " + a + ".active_conversations < " + capacity + ")";
    }
}
