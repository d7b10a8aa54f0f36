package io.helpdeskinbox.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Reads racing on real threads: they share queries, and none gets an answer its query read before it
 * arrived.
 */
class CoalescedReadsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void readsArrivingWhileAQueryIsInTheAirShareTheNextOne() throws Exception {
        CountDownLatch firstQueryMayLand = new CountDownLatch(1);
        AtomicInteger queries = new AtomicInteger();
        CoalescedReads<String, Integer> reads = numberedQueries(queries, firstQueryMayLand);

        Future<Integer> first = threads.submit(() -> reads.read("counts"));
        waitUntil(() -> queries.get() == 1);
        assertThat(threads.submit(() -> reads.read("agents")).get(10, TimeUnit.SECONDS))
                .as("another key's read does not wait").isEqualTo(2);
        List<Future<Integer>> later = board(reads, 10);
        firstQueryMayLand.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (Future<Integer> read : later) {
            assertThat(read.get(10, TimeUnit.SECONDS)).as("the one query after the first").isEqualTo(3);
        }
        assertThat(queries.get()).isEqualTo(3);
    }

    @Test
    void noReadGetsAnAnswerReadBeforeItArrived() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger queries = new AtomicInteger();
        AtomicInteger inTheAir = new AtomicInteger();
        AtomicInteger mostInTheAir = new AtomicInteger();
        CoalescedReads<String, Long> reads = new CoalescedReads<>(key -> {
            queries.incrementAndGet();
            mostInTheAir.accumulateAndGet(inTheAir.incrementAndGet(), Math::max);
            try {
                long readAt = clock.incrementAndGet(); // what the query "saw": everything before this instant
                Thread.yield();
                return readAt;
            } finally {
                inTheAir.decrementAndGet();
            }
        });
        int threadCount = 16;
        int readsEach = 5_000;
        CyclicBarrier start = new CyclicBarrier(threadCount);
        ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            running.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < readsEach; i++) {
                    long arrivedAt = clock.incrementAndGet();
                    long answer = reads.read("counts");
                    if (answer <= arrivedAt) {
                        stale.add("arrived at " + arrivedAt + ", got what was read at " + answer);
                    }
                }
                return null;
            }));
        }
        for (Future<?> thread : running) {
            thread.get(60, TimeUnit.SECONDS);
        }

        assertThat(stale).isEmpty();
        assertThat(mostInTheAir.get()).as("queries of one key in the air at once").isEqualTo(1);
        assertThat(queries.get()).as("reads shared queries").isLessThan(threadCount * readsEach);
    }

    @Test
    void readsThatBoardedWhileAQueryFailedFailWithIt() throws Exception {
        CountDownLatch firstQueryMayFail = new CountDownLatch(1);
        AtomicBoolean databaseAway = new AtomicBoolean(true);
        AtomicInteger queries = new AtomicInteger();
        CoalescedReads<String, Integer> reads = new CoalescedReads<>(key -> {
            int number = queries.incrementAndGet();
            if (databaseAway.get()) {
                await(firstQueryMayFail);
                throw new IllegalStateException("the database did not answer");
            }
            return number;
        });

        Future<Integer> first = threads.submit(() -> reads.read("counts"));
        waitUntil(() -> queries.get() == 1);
        List<Future<Integer>> later = board(reads, 5);
        firstQueryMayFail.countDown();

        for (Future<Integer> read : concat(first, later)) {
            assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class)
                    .rootCause().hasMessage("the database did not answer");
        }
        assertThat(queries.get()).as("the boarded reads did not wait for a query of their own").isEqualTo(1);

        databaseAway.set(false);
        assertThat(reads.read("counts")).as("the next read runs a query of its own").isEqualTo(2);
    }

    @Test
    void aReadInATransactionRunsItsOwnQueryEvenWithOneInTheAir() throws Exception {
        CountDownLatch firstQueryMayLand = new CountDownLatch(1);
        AtomicInteger queries = new AtomicInteger();
        CoalescedReads<String, Integer> reads = numberedQueries(queries, firstQueryMayLand);
        Future<Integer> first = threads.submit(() -> reads.read("counts"));
        waitUntil(() -> queries.get() == 1);

        // a transaction's read must come from its own snapshot, on its own connection
        Future<Integer> inTransaction = threads.submit(() -> {
            TransactionSynchronizationManager.setActualTransactionActive(true);
            try {
                return reads.read("counts");
            } finally {
                TransactionSynchronizationManager.setActualTransactionActive(false);
            }
        });
        assertThat(inTransaction.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        firstQueryMayLand.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    /** Queries that answer their number, from 1; the first stays in the air until {@code firstMayLand} opens. */
    private static CoalescedReads<String, Integer> numberedQueries(AtomicInteger queries, CountDownLatch firstMayLand) {
        return new CoalescedReads<>(key -> {
            int number = queries.incrementAndGet();
            if (number == 1) {
                await(firstMayLand);
            }
            return number;
        });
    }

    /** Starts {@code count} reads of "counts" and returns once every one has boarded the next flight. */
    private List<Future<Integer>> board(CoalescedReads<String, Integer> reads, int count) throws InterruptedException {
        ConcurrentLinkedQueue<Thread> boarded = new ConcurrentLinkedQueue<>();
        List<Future<Integer>> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(threads.submit(() -> {
                boarded.add(Thread.currentThread());
                return reads.read("counts");
            }));
        }
        waitUntil(() -> boarded.size() == count && boarded.stream().allMatch(CoalescedReadsTest::waitsForAFlight));
        return started;
    }

    /**
     * Parked on a flight's future (boarded, waiting for the query in the air), not on the lane's lock
     * on its way to board: both are WAITING.
     */
    private static boolean waitsForAFlight(Thread thread) {
        Object blocker = LockSupport.getBlocker(thread);
        return thread.getState() == Thread.State.WAITING && blocker != null
                && blocker.getClass().getName().startsWith(CompletableFuture.class.getName());
    }

    private static List<Future<Integer>> concat(Future<Integer> first, List<Future<Integer>> rest) {
        List<Future<Integer>> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the query");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s for the reads to board").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
