package io.helpdeskinbox.outbox;

/**
 * A module that acts on each event of a tick inside the statement that cuts it (the webhooks make
 * their deliveries there): the tick and its deliveries then commit together, so no event is ever in
 * a tick without what follows from it, and no relay has to keep a cursor of its own.
 */
public interface TickFanOut {

    /**
     * The body of a data-modifying CTE of the cut. It may read {@code tick} (the new tick's
     * {@code id}; no row when nothing was cut) and {@code batch} (its events' {@code id},
     * {@code type}, {@code from_folder} and {@code to_folder}), and writes only its own module's
     * tables. It is written into the statement as it is: a constant, never built from input.
     */
    String statement();
}
