package io.helpdeskinbox.routing.internal;

/** Where a reopened conversation goes. */
public enum ReopenPolicy {
    /** Back to the agent who handled it, when that agent is ONLINE with room; else the queue. */
    PREVIOUS_AGENT_IF_ONLINE,
    /** Into the queue like any waiting conversation. */
    QUEUE
}
