package io.helpdeskinbox.outbox;

/**
 * This instance's relay cut a tick: its events can be read now. Every other instance learns it
 * from the tick's NOTIFY on {@link OutboxTicks#CHANNEL}.
 */
public record TickCut(long tickId) {
}
