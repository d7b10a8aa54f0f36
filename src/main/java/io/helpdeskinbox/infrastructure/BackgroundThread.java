package io.helpdeskinbox.infrastructure;

import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread that runs a loop for as long as its owner runs: the engine, the outbox relay,
 * the outbox listener and the live stream's dispatcher each have one. The loop checks
 * {@link #isRunning()}; stopping interrupts whatever it waits for. Whatever the loop does is
 * background work ({@link BackgroundWork}): its connections come from the background pool by
 * construction, not because the loop remembers to say so.
 */
public final class BackgroundThread {

    /** A bean whose thread runs for as long as the application does: the context starts and stops it. */
    public interface Owner extends SmartLifecycle {

        BackgroundThread backgroundThread();

        @Override
        default void start() {
            backgroundThread().start();
        }

        @Override
        default void stop() {
            backgroundThread().stop();
        }

        @Override
        default boolean isRunning() {
            return backgroundThread().isRunning();
        }
    }

    private final String name;
    private final Runnable loop;
    private volatile boolean running;
    private Thread thread;

    public BackgroundThread(String name, Runnable loop) {
        this.name = name;
        this.loop = loop;
    }

    public synchronized void start() {
        running = true;
        thread = new Thread(() -> BackgroundWork.run(loop), name);
        thread.setDaemon(true);
        thread.start();
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    public boolean isRunning() {
        return running;
    }
}
