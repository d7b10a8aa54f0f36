package io.helpdeskinbox.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events to every connected client of this instance. Connections are asynchronous
 * (no request thread waits on them) and one dispatcher thread reads the outbox for all of them, in
 * id order, from the oldest position any client needs: hundreds of streams cost one thread and one
 * query per wake-up, not one each.
 *
 * <p>Each client has a cursor, the last event id it was sent; it receives exactly the events
 * above it, in order. Because outbox ids follow commit order, that is gap-free and duplicate-free,
 * including after a reconnect with {@code Last-Event-ID}.
 */
@Component
class LiveEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEventStream.class);
    private static final int BATCH = 500;
    private static final Duration POLL = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Duration heartbeat;
    private final Duration streamTimeout;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread dispatcher;

    LiveEventStream(JdbcClient jdbc, MeterRegistry meters, @Value("${inbox.events.heartbeat:PT15S}") Duration heartbeat,
            @Value("${inbox.events.stream-timeout:PT30M}") Duration streamTimeout) {
        this.jdbc = jdbc;
        Gauge.builder("inbox.events.clients", subscribers, List::size)
                .description("Live event streams open on this instance").register(meters);
        this.heartbeat = heartbeat;
        this.streamTimeout = streamTimeout;
    }

    /** A client that has seen every event up to {@code lastEventId} (null: only what comes from now on). */
    SseEmitter subscribe(Long lastEventId, Set<String> types) {
        long cursor = lastEventId != null ? lastEventId : head();
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        Subscriber subscriber = new Subscriber(emitter, types, cursor);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(error -> subscribers.remove(subscriber));
        try {
            // tells the client at once that the stream is open, and at which position
            emitter.send(SseEmitter.event().comment("stream open at " + cursor));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        subscribers.add(subscriber);
        wake();
        return emitter;
    }

    int clients() {
        return subscribers.size();
    }

    void wake() {
        wakeUp.release();
    }

    private long head() {
        return jdbc.sql("select coalesce(max(id), 0) from outbox_event").query(Long.class).single();
    }

    private void dispatch() {
        long nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
        while (running) {
            try {
                wakeUp.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!subscribers.isEmpty()) {
                    sendNewEvents();
                }
                if (System.nanoTime() - nextHeartbeat >= 0) {
                    subscribers.forEach(Subscriber::heartbeat);
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

    private void sendNewEvents() {
        long from = subscribers.stream().mapToLong(Subscriber::cursor).min().orElse(Long.MAX_VALUE);
        while (true) {
            List<StoredEvent> batch = jdbc.sql("""
                            select id, type, payload::text from outbox_event where id > :from order by id limit :batch""")
                    .param("from", from).param("batch", BATCH)
                    .query((rs, row) -> new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3)))
                    .list();
            for (Subscriber subscriber : subscribers) {
                if (!subscriber.send(batch)) {
                    subscribers.remove(subscriber);
                }
            }
            if (batch.size() < BATCH) {
                return;
            }
            from = batch.get(batch.size() - 1).id();
        }
    }

    @Override
    public void start() {
        running = true;
        dispatcher = new Thread(this::dispatch, "live-event-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public void stop() {
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        subscribers.forEach(subscriber -> subscriber.emitter().complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    record StoredEvent(long id, String type, String payload) {
    }

    /** One connected client: where it is in the outbox, and which event types it asked for (empty: all). */
    private static final class Subscriber {

        private final SseEmitter emitter;
        private final Set<String> types;
        private volatile long cursor;

        Subscriber(SseEmitter emitter, Set<String> types, long cursor) {
            this.emitter = emitter;
            this.types = types;
            this.cursor = cursor;
        }

        SseEmitter emitter() {
            return emitter;
        }

        long cursor() {
            return cursor;
        }

        /** @return false when the client has gone */
        boolean send(List<StoredEvent> batch) {
            try {
                for (StoredEvent event : batch) {
                    if (event.id() <= cursor) {
                        continue;
                    }
                    if (types.isEmpty() || types.contains(event.type())) {
                        emitter.send(SseEmitter.event().id(String.valueOf(event.id())).name(event.type())
                                .data(event.payload(), MediaType.APPLICATION_JSON));
                    }
                    cursor = event.id();
                }
                return true;
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
                return false;
            }
        }

        void heartbeat() {
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }
    }
}
