package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.infrastructure.BackgroundThread;
import io.helpdeskinbox.outbox.EventPosition;
import io.helpdeskinbox.outbox.OutboxTicks;
import io.helpdeskinbox.outbox.TickCut;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.TokenService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server-Sent Events to every connected client of this instance. Connections are asynchronous
 * (no request thread waits on them) and one dispatcher thread reads the outbox for all of them,
 * tick by tick in stream order, from the oldest position any client needs: hundreds of streams cost
 * one thread and two queries per tick, not one each.
 *
 * <p>Each client has a cursor, the position it has been sent; it receives exactly the events after
 * it, and after each tick that moved a folder a {@code folders.counted} event with the totals that
 * hold at that position. A client that connects is sent the totals at its starting position first.
 *
 * <p>The dispatcher never writes to a socket itself: it puts each client's events in that client's
 * bounded buffer ({@code inbox.events.client-buffer}), and a writer of the
 * client's own (a virtual thread on Java 21+) sends them. A client that reads too slowly to keep its
 * buffer from filling is disconnected, and resumes with {@code Last-Event-ID}; it never holds up the
 * others.
 *
 * <p>A stream lives only as long as the credential it was opened with: a revocation committed by any
 * instance reaches every instance's dispatcher through the outbox ({@link StreamRevocation}), which
 * ends the streams it covers before it sends them anything committed after it. Every
 * {@code inbox.events.credential-check} each instance also asks the database, in one query, which
 * of its streams' credentials still work: the safety net for a credential that stopped working
 * without an announcement (a revocation written by hand in SQL).
 */
@Component
class LiveEventStream implements BackgroundThread.Owner {

    private static final Logger log = LoggerFactory.getLogger(LiveEventStream.class);
    private static final int TICKS_PER_READ = 200;

    private final OutboxTicks ticks;
    private final TokenService tokens;
    private final JsonMapper json;
    private final StreamPayloads payloads;
    private final Duration heartbeat;
    /** How often the outbox is read without a wake-up: the safety net for a tick notification lost on the way. */
    private final Duration poll;
    private final Duration streamTimeout;
    private final List<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final int clientBuffer;
    private final SimpleAsyncTaskExecutor writers = new SimpleAsyncTaskExecutor("live-event-writer-");
    private final Counter tooSlow;
    private final BackgroundThread thread = new BackgroundThread("live-event-dispatcher", this::dispatch);

    LiveEventStream(OutboxTicks ticks, TokenService tokens, JsonMapper json, Clock clock, MeterRegistry meters,
            StreamProperties properties) {
        this.ticks = ticks;
        this.tokens = tokens;
        this.json = json;
        this.payloads = new StreamPayloads(json, clock);
        Gauge.builder("inbox.events.clients", subscribers, List::size)
                .description("Live event streams open on this instance").register(meters);
        this.tooSlow = Counter.builder("inbox.events.slow.disconnects")
                .description("Live event streams ended because the client read too slowly").register(meters);
        this.heartbeat = properties.heartbeat();
        this.streamTimeout = properties.streamTimeout();
        this.clientBuffer = properties.clientBuffer();
        this.poll = properties.streamPoll();
        // a writer blocked on a client that does not read costs nothing where threads are virtual
        this.writers.setVirtualThreads(Runtime.version().feature() >= 21);
        this.writers.setDaemon(true);
    }

    /**
     * A client that has seen every event up to {@code lastEventId} (null: only what comes from now
     * on; see {@link StreamStart}). A client that cannot resume without a gap is told so by a
     * {@value StreamPayloads#STREAM_RESET} event first (whatever types it asked for), and follows from
     * now on, like a new client, once it has reloaded what it shows. {@code ended} runs when the
     * stream ends, however it ends.
     *
     * <p>The caller's credential is checked again once the stream's opening position is known: a
     * revocation that committed after the request was authenticated but before that position is
     * one the dispatcher would never meet (it only reads what follows).
     */
    SseConnection subscribe(String lastEventId, Set<String> types, InboxPrincipal caller,
            HeldSession session, Runnable ended) {
        StreamStart start = StreamStart.of(lastEventId, ticks);
        tokens.requireStillValid(caller);
        SseConnection connection = new SseConnection(streamTimeout);
        StreamSubscriber subscriber = new StreamSubscriber(connection, types, caller, session, start, clientBuffer,
                payloads, writers, tooSlow);
        Runnable gone = () -> {
            subscribers.remove(subscriber);
            ended.run();
        };
        connection.whenEnded(gone);
        // tells the client at once that the stream is open (and, resuming past pruned events, that
        // it missed some), and the totals at its position
        if (!subscriber.comment("stream open at " + start.position().id())
                || start.expiredLastEventId() != null
                        && !subscriber.sendReset(start.position(),
                        payloads.reset(start.position(), start.expiredLastEventId()))
                || !subscriber.sendOpeningTotals(start.position(),
                        payloads.counted(start.position(), start.totals()))) {
            return connection;
        }
        subscribers.add(subscriber);
        wake();
        return connection;
    }

    /** A tick this instance cut; other instances' ticks arrive through {@link TickNotifications}. */
    @EventListener
    void on(TickCut cut) {
        wake();
    }

    void wake() {
        wakeUp.release();
    }

    private void dispatch() {
        long nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
        while (thread.isRunning()) {
            try {
                long untilHeartbeat = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHeartbeat - System.nanoTime()));
                wakeUp.tryAcquire(Math.min(poll.toMillis(), untilHeartbeat), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!subscribers.isEmpty()) {
                    sendNewEvents();
                }
                if (System.nanoTime() - nextHeartbeat >= 0) {
                    subscribers.forEach(subscriber -> {
                        if (!subscriber.queue(SseConnection.Message.comment("heartbeat"))) {
                            subscribers.remove(subscriber);
                        }
                    });
                    nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Live event dispatch failed; retrying on the next wake-up", e);
            }
        }
    }

    /**
     * Serves the subscribers there are when it starts: one that subscribes meanwhile may be behind the
     * position this read starts from, so it waits for the next pass (its subscription wakes one).
     */
    private void sendNewEvents() {
        List<StreamSubscriber> serving = new ArrayList<>(subscribers);
        while (true) {
            EventPosition from = serving.stream().map(StreamSubscriber::cursor).min(Comparator.naturalOrder()).orElse(null);
            if (from == null) {
                return;
            }
            List<OutboxTicks.Tick> read = ticks.from(from.tick(), TICKS_PER_READ);
            if (read.isEmpty() || !read.get(read.size() - 1).end().isAfter(from)) {
                return;
            }
            List<OutboxTicks.DeliveredEvent> events = ticks.eventsOf(read.get(0).id(), read.get(read.size() - 1).id(), from);
            List<StreamRevocation> revocations = StreamRevocation.among(events, json);
            for (StreamSubscriber subscriber : List.copyOf(serving)) {
                if (!subscriber.send(read, events, revocations)) {
                    subscribers.remove(subscriber);
                    serving.remove(subscriber);
                }
            }
            if (read.size() < TICKS_PER_READ) {
                return;
            }
        }
    }

    /**
     * Ends every stream of this instance whose credential no longer works. The announced revocations
     * end them within a tick; this finds those no announcement covered. Every
     * {@link StreamProperties#credentialCheck()} ({@link StreamDuties}).
     */
    void endStreamsOfInvalidCredentials() {
        List<Long> tokenIds = subscribers.stream().map(subscriber -> subscriber.caller().tokenId())
                .filter(Objects::nonNull).distinct().toList();
        if (tokenIds.isEmpty()) {
            return;
        }
        try {
            Set<Long> valid = tokens.stillValid(tokenIds);
            for (StreamSubscriber subscriber : subscribers) {
                Long tokenId = subscriber.caller().tokenId();
                if (tokenId != null && !valid.contains(tokenId)) {
                    log.info("A live event stream's credential ({}) no longer works; ending it",
                            subscriber.caller().getName());
                    subscribers.remove(subscriber);
                    subscriber.revoke();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the credentials of the live event streams; the next check will", e);
        }
    }

    /** The streams open on this instance now, for the duties that end some (ExpiredSessionStreams). */
    List<StreamSubscriber> subscribers() {
        return List.copyOf(subscribers);
    }

    /** Ends a stream whose credential stopped working: what is queued is sent first. */
    void end(StreamSubscriber subscriber) {
        subscribers.remove(subscriber);
        subscriber.revoke();
    }

    @Override
    public BackgroundThread backgroundThread() {
        return thread;
    }

    /** Its streams end with it: their clients reconnect to another instance. */
    @Override
    public void stop() {
        thread.stop();
        subscribers.forEach(StreamSubscriber::end);
        subscribers.clear();
    }
}
