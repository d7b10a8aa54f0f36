package io.helpdeskinbox.routing.internal;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Coalesces this instance's requests to serve the queue into rounds: one round in flight at a
 * time, and every request made while it runs is served by the next one, however many there are.
 * A request is made after the commit that asked for it, and a round covers only the requests made
 * before it started, so the round that covers a request sees that request's commit.
 *
 * <p>Only the scheduling of work lives here; the database stays the arbiter of every decision
 * (the rounds of different instances meet at the engine's advisory lock).
 */
final class DrainRounds {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long requested;
    private long completed;

    /** @return the ticket a later {@link #awaitServed} waits for */
    long request() {
        lock.lock();
        try {
            requested++;
            changed.signalAll();
            return requested;
        } finally {
            lock.unlock();
        }
    }

    /**
     * For the one thread that runs rounds: waits until something was requested.
     *
     * @return the last ticket the round about to start covers, or 0 when nothing came within {@code patience}
     */
    long nextRound(Duration patience) throws InterruptedException {
        lock.lock();
        try {
            long nanos = patience.toNanos();
            while (requested == completed) {
                if (nanos <= 0) {
                    return 0;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return requested;
        } finally {
            lock.unlock();
        }
    }

    void finished(long coveredUpTo) {
        lock.lock();
        try {
            completed = Math.max(completed, coveredUpTo);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether a round covering {@code ticket} finished within {@code timeout} */
    boolean awaitServed(long ticket, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (completed < ticket) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many requests were made so far */
    long requested() {
        lock.lock();
        try {
            return requested;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many of the requests made so far a finished round covered */
    long served() {
        lock.lock();
        try {
            return completed;
        } finally {
            lock.unlock();
        }
    }
}
