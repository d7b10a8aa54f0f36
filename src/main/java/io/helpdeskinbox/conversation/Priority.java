package io.helpdeskinbox.conversation;

/** How soon a conversation should be answered: the engine serves URGENT first, then by waiting time. */
public enum Priority {
    URGENT,
    HIGH,
    NORMAL,
    LOW;

    /**
     * Its place in the queue as SQL, for the conversation aliased {@code c}: 0 for URGENT to 3 for LOW.
     * The queue's index is built on exactly this expression (V10__routing.sql).
     */
    public static String queueRank(String c) {
        return "(case " + c + ".priority when 'URGENT' then 0 when 'HIGH' then 1 when 'NORMAL' then 2 else 3 end)";
    }
}
