package io.helpdeskinbox.agent;

/** Whether an agent takes automatic assignments. Anyone active can still be assigned by hand. */
public enum Availability {
    ONLINE,
    BUSY,
    OFFLINE
}
