package io.helpdeskinbox.infrastructure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Identical reads that arrive together share one query. A read joins only a query that has not
 * started yet, so the answer it gets was read after it arrived: what a query of its own would have
 * returned, or something committed later still. A read that is exact at every committed instant
 * (the folder totals, a folder's first page) stays exact.
 *
 * <p>Why: every console refetches the same counts, folder and agent list when an event arrives, all
 * at once. Each of those reads is cheap in SQL, but on a database call of its own it costs a round
 * trip, a wake-up of a server process and a pooled connection. While one query is in the air, the
 * reads for the same key that arrive wait for it to land and then share the next one.
 *
 * <p>A read inside a transaction runs its own query: its answer must come from that transaction's
 * snapshot. When a query fails, its reads and those waiting to share the next one fail with it.
 * Only this instance's reads are shared; the database stays the source of truth.
 *
 * @param <K> what makes two reads identical (every parameter of the query)
 * @param <V> the answer, shared by every read of one query: immutable
 */
public final class CoalescedReads<K, V> {

    private final Function<K, V> query;
    private final ConcurrentHashMap<K, Lane<V>> lanes = new ConcurrentHashMap<>();

    public CoalescedReads(Function<K, V> query) {
        this.query = query;
    }

    public V read(K key) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return query.apply(key);
        }
        Lane<V> lane;
        Flight<V> flight;
        boolean runsIt;
        while (true) {
            lane = lanes.computeIfAbsent(key, k -> new Lane<>());
            lane.lock.lock();
            try {
                if (lane.closed) {
                    continue; // emptied and removed from the map just now: take the one that replaced it
                }
                if (lane.inTheAir == null) {
                    flight = new Flight<>();
                    flight.cleared.complete(null);
                    lane.inTheAir = flight;
                    runsIt = true;
                } else if (lane.boarding == null) {
                    flight = new Flight<>();
                    lane.boarding = flight;
                    runsIt = true;
                } else {
                    flight = lane.boarding;
                    runsIt = false;
                }
            } finally {
                lane.lock.unlock();
            }
            break;
        }
        if (runsIt) {
            flight.cleared.join();
            if (!flight.answer.isDone()) { // done already: the flight before it failed, and so does this one
                fly(key, lane, flight);
            }
        }
        try {
            return flight.answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * Runs the flight's query, then clears the reads that boarded meanwhile to start theirs. When it
     * failed (the database away, a timeout), they fail with it at once: a 503 now, rather than a wait
     * as long again for a query that would most likely fail the same way. Whatever happens, the
     * flight is answered and the next one cleared, so no read is left waiting.
     */
    private void fly(K key, Lane<V> lane, Flight<V> flight) {
        Throwable failure = null;
        try {
            flight.answer.complete(query.apply(key));
        } catch (Throwable e) {
            failure = e;
        } finally {
            try {
                if (failure != null) {
                    flight.answer.completeExceptionally(failure);
                }
            } finally {
                handOver(key, lane, failure);
            }
        }
    }

    private void handOver(K key, Lane<V> lane, Throwable failure) {
        Flight<V> next;
        lane.lock.lock();
        try {
            next = lane.boarding;
            lane.boarding = null;
            lane.inTheAir = failure == null ? next : null;
            if (lane.inTheAir == null) {
                lane.closed = true;
                lanes.remove(key, lane);
            }
        } finally {
            lane.lock.unlock();
        }
        if (next != null) {
            if (failure != null) {
                next.answer.completeExceptionally(failure);
            }
            next.cleared.complete(null);
        }
    }

    /** The reads of one key: at most one query in the air, and the reads waiting to share the next. */
    private static final class Lane<V> {
        final ReentrantLock lock = new ReentrantLock();
        Flight<V> inTheAir;
        Flight<V> boarding;
        boolean closed;
    }

    /**
     * One query and the reads that share its answer. The read that boarded first runs it, once the
     * flight before it has landed ({@code cleared}); the others wait for the answer only.
     */
    private static final class Flight<V> {
        final CompletableFuture<Void> cleared = new CompletableFuture<>();
        final CompletableFuture<V> answer = new CompletableFuture<>();
    }
}
