package io.helpdeskinbox.infrastructure;


/**
 * Marks the instance's own background work (the loops of {@link BackgroundThread}, the periodic
 * duties of {@link ScheduledWork}, webhook deliveries) so its database connections come from
 * a small pool of their own ({@link ConnectionPools}): a burst of requests that fills the request
 * pool never makes the engine wait for a connection, nor the other way round.
 */
public final class BackgroundWork {

    private static final ThreadLocal<Boolean> BACKGROUND = new ThreadLocal<>();

    private BackgroundWork() {
    }

    /** Runs {@code work} as background work on the calling thread, whatever that thread does otherwise. */
    public static void run(Runnable work) {
        Boolean before = BACKGROUND.get();
        BACKGROUND.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            if (before == null) {
                BACKGROUND.remove();
            }
        }
    }

    static boolean isCurrent() {
        return BACKGROUND.get() != null;
    }
}
