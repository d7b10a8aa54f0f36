package io.helpdeskinbox.routing.internal;

/** Whether the engine has anything to do, asked before it takes any lock. */
interface QueueStates {

    /** What a round needs to know before it takes any lock: whether it can do anything. */
    record QueueState(boolean enabled, boolean waiting, boolean room) {

        /** The engine is on, a conversation waits, and a candidate (ONLINE, present when that counts) has room. */
        boolean hasWork() {
            return enabled && waiting && room;
        }
    }

    /**
     * One plain read on the partial indexes of the queue and of the ONLINE agents, so a round with
     * nothing to do takes no lock and opens no transaction.
     */
    QueueState state();
}
