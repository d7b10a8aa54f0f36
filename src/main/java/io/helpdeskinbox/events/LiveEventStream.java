package io.helpdeskinbox.events;

import io.helpdeskinbox.infrastructure.BackgroundWork;
import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.TokenService;
import io.helpdeskinbox.web.FieldRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
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
 * bounded buffer ({@code inbox.events.client-buffer}, default 1,000 events), and a writer of the
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
class LiveEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveEventStream.class);
    private static final int TICKS_PER_READ = 200;
    private static final Pattern LEGACY_EVENT_ID = Pattern.compile("[0-9]{1,18}");
    /** The event that tells a resuming client the events after its position are gone: it must reload, then follow. */
    static final String STREAM_RESET = "stream.reset";

    private final OutboxTicks ticks;
    private final TokenService tokens;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration heartbeat;
    /** How often the outbox is read without a wake-up: the safety net for a tick notification lost on the way. */
    private final Duration poll;
    private final Duration streamTimeout;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Semaphore wakeUp = new Semaphore(0);
    private final int clientBuffer;
    private final SimpleAsyncTaskExecutor writers = new SimpleAsyncTaskExecutor("live-event-writer-");
    private final Counter tooSlow;
    private volatile boolean running;
    private Thread dispatcher;

    LiveEventStream(OutboxTicks ticks, TokenService tokens, JsonMapper json, Clock clock, MeterRegistry meters,
            @Value("${inbox.events.heartbeat:PT15S}") Duration heartbeat,
            @Value("${inbox.events.stream-timeout:PT30M}") Duration streamTimeout,
            @Value("${inbox.events.client-buffer:1000}") int clientBuffer,
            @Value("${inbox.events.stream-poll:PT1S}") Duration poll) {
        this.ticks = ticks;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
        Gauge.builder("inbox.events.clients", subscribers, List::size)
                .description("Live event streams open on this instance").register(meters);
        this.tooSlow = Counter.builder("inbox.events.slow.disconnects")
                .description("Live event streams ended because the client read too slowly").register(meters);
        this.heartbeat = heartbeat;
        this.streamTimeout = streamTimeout;
        this.clientBuffer = clientBuffer;
        this.poll = poll;
        // a writer blocked on a client that does not read costs nothing where threads are virtual
        this.writers.setVirtualThreads(Runtime.version().feature() >= 21);
        this.writers.setDaemon(true);
    }

    /**
     * A client that has seen every event up to {@code lastEventId} (null: only what comes from now
     * on). A position older than the retained events cannot be resumed without a gap: the client is
     * told so by a {@value #STREAM_RESET} event first (whatever types it asked for), and follows from
     * now on, like a new client, once it has reloaded what it shows. An id this service never sent
     * is refused. {@code ended} runs when the stream ends, however it ends.
     *
     * <p>The caller's credential is checked again once the stream's opening position is known: a
     * revocation that committed after the request was authenticated but before that position is
     * one the dispatcher would never meet (it only reads what follows).
     */
    SseEmitter subscribe(String lastEventId, Set<String> types, InboxPrincipal caller, Runnable ended) {
        StartingPoint start = startingPoint(lastEventId);
        tokens.requireStillValid(caller);
        SseEmitter emitter = new SseEmitter(streamTimeout.toMillis());
        Subscriber subscriber = new Subscriber(emitter, types, caller, start, clientBuffer);
        emitter.onCompletion(() -> {
            subscribers.remove(subscriber);
            ended.run();
        });
        emitter.onTimeout(() -> {
            subscribers.remove(subscriber);
            ended.run();
        });
        emitter.onError(error -> {
            subscribers.remove(subscriber);
            ended.run();
        });
        // tells the client at once that the stream is open (and, resuming past pruned events, that
        // it missed some), and the totals at its position
        if (!subscriber.comment("stream open at " + start.position().id())
                || start.expiredLastEventId() != null
                        && !subscriber.sendReset(start.position(), reset(start.position(), start.expiredLastEventId()))
                || !subscriber.sendOpeningTotals(start.position(), counted(start.position(), start.totals()))) {
            return emitter;
        }
        subscribers.add(subscriber);
        wake();
        return emitter;
    }

    /**
     * Where a stream starts; {@code expiredLastEventId}: the client's position, when retention deleted
     * what followed it; {@code openedAt}: the end of the latest tick when it opened.
     */
    private record StartingPoint(EventPosition position, FolderCountsResponse totals, String expiredLastEventId,
            EventPosition openedAt) {
    }

    private StartingPoint startingPoint(String lastEventId) {
        OutboxTicks.Tick latest = ticks.latest().orElseThrow();
        if (lastEventId == null) {
            return new StartingPoint(latest.end(), latest.totals(), null, latest.end());
        }
        EventPosition resume = EventPosition.parse(lastEventId).orElse(null);
        if (resume == null && LEGACY_EVENT_ID.matcher(lastEventId).matches()) {
            // an id from before the ordered stream (a plain number): nothing tells what followed it
            return expired(latest, lastEventId);
        }
        OutboxTicks.Tick tick = resume == null ? null : ticks.find(resume.tick()).orElse(null);
        if (tick == null && resume != null && resume.tick() < latest.id()) {
            // its tick was pruned, and with it events the client never saw: replaying what is kept
            // would still leave the gap, so the client reloads and follows from now
            return expired(latest, lastEventId);
        }
        if (tick == null || resume.eventId() > tick.lastEventId()) {
            throw new FieldRejectedException("Last-Event-ID", "must be the id of an event this stream sent");
        }
        FolderCountsResponse totals = resume.eventId() == tick.lastEventId() ? tick.totals()
                : ticks.totalsAt(tick.id(), resume.eventId());
        return new StartingPoint(resume.nextStep(), totals, null, latest.end());
    }

    private static StartingPoint expired(OutboxTicks.Tick latest, String lastEventId) {
        return new StartingPoint(latest.end(), latest.totals(), lastEventId, latest.end());
    }

    int clients() {
        return subscribers.size();
    }

    void wake() {
        wakeUp.release();
    }

    private void dispatch() {
        BackgroundWork.thisThread();
        long nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
        while (running) {
            try {
                long untilHeartbeat = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextHeartbeat - System.nanoTime()));
                wakeUp.tryAcquire(Math.min(poll.toMillis(), untilHeartbeat), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!subscribers.isEmpty()) {
                    sendNewEvents();
                }
                if (System.nanoTime() - nextHeartbeat >= 0) {
                    subscribers.forEach(subscriber -> {
                        if (!subscriber.queue(SseEmitter.event().comment("heartbeat"))) {
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
        List<Subscriber> serving = new ArrayList<>(subscribers);
        while (true) {
            EventPosition from = serving.stream().map(Subscriber::cursor).min(Comparator.naturalOrder()).orElse(null);
            if (from == null) {
                return;
            }
            List<OutboxTicks.Tick> read = ticks.from(from.tick(), TICKS_PER_READ);
            if (read.isEmpty() || !read.get(read.size() - 1).end().isAfter(from)) {
                return;
            }
            List<OutboxTicks.DeliveredEvent> events = ticks.eventsOf(read.get(0).id(), read.get(read.size() - 1).id(), from);
            List<StreamRevocation> revocations = StreamRevocation.among(events, json);
            for (Subscriber subscriber : List.copyOf(serving)) {
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
     * end them within a tick; this finds those no announcement covered.
     */
    @Scheduled(fixedDelayString = "${inbox.events.credential-check:PT30S}")
    void endStreamsOfInvalidCredentials() {
        BackgroundWork.run(() -> {
            List<Long> tokenIds = subscribers.stream().map(subscriber -> subscriber.caller.tokenId())
                    .filter(Objects::nonNull).distinct().toList();
            if (tokenIds.isEmpty()) {
                return;
            }
            try {
                Set<Long> valid = tokens.stillValid(tokenIds);
                for (Subscriber subscriber : subscribers) {
                    Long tokenId = subscriber.caller.tokenId();
                    if (tokenId != null && !valid.contains(tokenId)) {
                        log.info("A live event stream's credential ({}) no longer works; ending it",
                                subscriber.caller.getName());
                        subscribers.remove(subscriber);
                        subscriber.revoke();
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Could not check the credentials of the live event streams; the next check will", e);
            }
        });
    }

    /** The payload as delivered ({@link EventPayloads}), with its position as the event id in front. */
    static String withId(EventPosition position, String payload) {
        return "{\"id\":\"" + position.id() + "\"," + payload.substring(1);
    }

    private String reset(EventPosition position, String expiredLastEventId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", position.id());
        data.put("type", STREAM_RESET);
        data.put("at", clock.instant());
        data.put("lastEventId", expiredLastEventId);
        data.put("detail", "The events after Last-Event-ID are no longer kept. Reload the conversations, agents and "
                + "counts; this stream carries every change from here on.");
        return json.writeValueAsString(data);
    }

    private String counted(EventPosition position, FolderCountsResponse totals) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", position.id());
        data.put("type", EventType.FOLDERS_COUNTED.wireName());
        data.put("at", clock.instant());
        data.put("folderCounts", totals);
        return json.writeValueAsString(data);
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
        subscribers.forEach(Subscriber::end);
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * One connected client: where it is in the stream, which event types it asked for (empty: all),
     * and the events queued for it that its writer has not sent yet.
     */
    private final class Subscriber {

        private final SseEmitter emitter;
        private final Set<String> types;
        private final InboxPrincipal caller;
        /** The end of the latest tick when the stream opened: revocations up to it were checked at the opening. */
        private final EventPosition openedAt;
        private final BlockingQueue<SseEmitter.SseEventBuilder> unsent;
        private final AtomicBoolean writing = new AtomicBoolean();
        private volatile boolean gone;
        /** Its credential was revoked: what is queued is sent, then the stream ends; nothing more is queued. */
        private volatile boolean revoked;
        private volatile EventPosition cursor;

        Subscriber(SseEmitter emitter, Set<String> types, InboxPrincipal caller, StartingPoint start, int buffer) {
            this.emitter = emitter;
            this.types = types;
            this.caller = caller;
            this.openedAt = start.openedAt();
            this.cursor = start.position();
            this.unsent = new ArrayBlockingQueue<>(buffer);
        }

        EventPosition cursor() {
            return cursor;
        }

        /**
         * @return false when the client has gone, or its credential was revoked: then nothing of the
         *     revocation's tick was queued
         */
        boolean send(List<OutboxTicks.Tick> read, List<OutboxTicks.DeliveredEvent> events,
                List<StreamRevocation> revocations) {
            int next = 0;
            for (OutboxTicks.Tick tick : read) {
                if (revocations.stream().anyMatch(revocation -> revocation.ends(tick.id(), caller, openedAt))) {
                    revoke();
                    return false;
                }
                for (; next < events.size() && events.get(next).tick() == tick.id(); next++) {
                    OutboxTicks.DeliveredEvent event = events.get(next);
                    if (event.position().isAfter(cursor)) {
                        if (wants(event.type()) && !StreamRevocation.TYPE.equals(event.type())
                                && !emit(event.position(), event.type(),
                                withId(event.position(), event.payload()))) {
                            return false;
                        }
                        cursor = event.position();
                    }
                }
                if (tick.end().isAfter(cursor)) {
                    if (tick.movedFolders() && !sendCounted(tick.end(), counted(tick.end(), tick.totals()))) {
                        return false;
                    }
                    cursor = tick.end();
                }
            }
            return true;
        }

        boolean sendCounted(EventPosition position, String data) {
            return !wants(EventType.FOLDERS_COUNTED.wireName())
                    || emit(position, EventType.FOLDERS_COUNTED.wireName(), data);
        }

        /** Sent whatever types the client asked for: a client that missed events must know it. */
        boolean sendReset(EventPosition position, String data) {
            return sendNow(SseEmitter.event().id(position.id()).name(STREAM_RESET).data(data, MediaType.APPLICATION_JSON));
        }

        /** The totals at the position the client starts from, sent at once like the opening comment. */
        boolean sendOpeningTotals(EventPosition position, String data) {
            if (!wants(EventType.FOLDERS_COUNTED.wireName())) {
                return true;
            }
            return sendNow(SseEmitter.event().id(position.id()).name(EventType.FOLDERS_COUNTED.wireName())
                    .data(data, MediaType.APPLICATION_JSON));
        }

        private boolean wants(String type) {
            return types.isEmpty() || types.contains(type);
        }

        /** Queued for the client's writer: the dispatcher's events, after the stream opened. */
        private boolean emit(EventPosition position, String type, String data) {
            return queue(SseEmitter.event().id(position.id()).name(type).data(data, MediaType.APPLICATION_JSON));
        }

        /** @return false when the client has gone, or fell so far behind that it is disconnected */
        boolean queue(SseEmitter.SseEventBuilder event) {
            if (gone || revoked) {
                return false;
            }
            if (!unsent.offer(event)) {
                gone = true;
                tooSlow.increment();
                log.info("A live event client read too slowly ({} events unsent); disconnected, it resumes with "
                        + "Last-Event-ID", unsent.size());
                // not on the dispatcher's thread: completing may wait for the client's blocked write
                writers.execute(this::end);
                return false;
            }
            if (writing.compareAndSet(false, true)) {
                writers.execute(this::write);
            }
            return true;
        }

        /**
         * Ends the stream once what is queued (all of it committed before the revocation) is sent,
         * with a last comment that says why; the client's reconnection with the same credential is
         * refused (401).
         */
        void revoke() {
            revoked = true;
            unsent.offer(SseEmitter.event().comment("credential revoked"));
            if (writing.compareAndSet(false, true)) {
                writers.execute(this::write);
            }
        }

        /** The client's writer: sends what is queued, in order; only it writes to the client after the opening. */
        private void write() {
            while (true) {
                SseEmitter.SseEventBuilder next;
                while (!gone && (next = unsent.poll()) != null) {
                    try {
                        emitter.send(next);
                    } catch (IOException | IllegalStateException e) {
                        gone = true;
                        unsent.clear();
                        endAfter(e);
                    }
                }
                if (revoked && !gone) {
                    gone = true;
                    end();
                }
                writing.set(false);
                // an event queued, or a revocation made, after the last poll but before the flag fell:
                // this writer takes it
                if (gone || unsent.isEmpty() && !revoked || !writing.compareAndSet(false, true)) {
                    return;
                }
            }
        }

        /** Sent at once, on the subscribing request's thread: before the client joins the dispatch. */
        boolean comment(String text) {
            return sendNow(SseEmitter.event().comment(text));
        }

        private boolean sendNow(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException e) {
                endAfter(e);
                return false;
            }
        }

        /**
         * Ends the response. When the client went away, the container may already have ended it (its
         * error callback ran first): Tomcat then refuses the completion with an IllegalStateException,
         * and there is nothing left to end.
         */
        void end() {
            ending(emitter::complete);
        }

        /** Ends the response after a failed send; as {@link #end()}, nothing to do when it already ended. */
        private void endAfter(Exception sendFailure) {
            ending(() -> emitter.completeWithError(sendFailure));
        }

        private static void ending(Runnable completion) {
            try {
                completion.run();
            } catch (IllegalStateException alreadyEnded) {
                log.debug("A live event client's response had already ended: {}", alreadyEnded.getMessage());
            }
        }
    }
}
