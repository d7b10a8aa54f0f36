package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.outbox.EventPosition;
import io.helpdeskinbox.outbox.EventType;
import io.helpdeskinbox.outbox.OutboxTicks;
import io.helpdeskinbox.security.InboxPrincipal;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected client: where it is in the stream, which event types it asked for (empty: all),
 * and the events queued for it that its writer has not sent yet.
 */
final class StreamSubscriber {

    private static final Logger log = LoggerFactory.getLogger(StreamSubscriber.class);

    private final SseConnection connection;
    private final Set<String> types;
    private final InboxPrincipal caller;
    /** The console session it was opened with; null for a bearer token. */
    private final HeldSession session;
    /** The end of the latest tick when the stream opened: revocations up to it were checked at the opening. */
    private final EventPosition openedAt;
    private final BlockingQueue<SseConnection.Message> unsent;
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile boolean gone;
    /** Its credential was revoked: what is queued is sent, then the stream ends; nothing more is queued. */
    private volatile boolean revoked;
    private volatile EventPosition cursor;
    private final StreamPayloads payloads;
    /** Where its writer runs (a virtual thread on Java 21+), and where it is ended when it reads too slowly. */
    private final Executor writers;
    private final Counter tooSlow;

    StreamSubscriber(SseConnection connection, Set<String> types, InboxPrincipal caller, HeldSession session,
            StreamStart start, int buffer, StreamPayloads payloads, Executor writers, Counter tooSlow) {
        this.connection = connection;
        this.types = types;
        this.caller = caller;
        this.session = session;
        this.openedAt = start.openedAt();
        this.cursor = start.position();
        this.unsent = new ArrayBlockingQueue<>(buffer);
        this.payloads = payloads;
        this.writers = writers;
        this.tooSlow = tooSlow;
    }

    InboxPrincipal caller() {
        return caller;
    }

    HeldSession session() {
        return session;
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
                            event.position().inFrontOf(event.payload()))) {
                        return false;
                    }
                    cursor = event.position();
                }
            }
            if (tick.end().isAfter(cursor)) {
                if (tick.movedFolders() && !sendCounted(tick.end(), payloads.counted(tick.end(), tick.totals()))) {
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
        return sendNow(SseConnection.Message.event(position, StreamPayloads.STREAM_RESET, data));
    }

    /** The totals at the position the client starts from, sent at once like the opening comment. */
    boolean sendOpeningTotals(EventPosition position, String data) {
        if (!wants(EventType.FOLDERS_COUNTED.wireName())) {
            return true;
        }
        return sendNow(SseConnection.Message.event(position, EventType.FOLDERS_COUNTED.wireName(), data));
    }

    private boolean wants(String type) {
        return types.isEmpty() || types.contains(type);
    }

    /** Queued for the client's writer: the dispatcher's events, after the stream opened. */
    private boolean emit(EventPosition position, String type, String data) {
        return queue(SseConnection.Message.event(position, type, data));
    }

    /** @return false when the client has gone, or fell so far behind that it is disconnected */
    boolean queue(SseConnection.Message event) {
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
        unsent.offer(SseConnection.Message.comment("credential revoked"));
        if (writing.compareAndSet(false, true)) {
            writers.execute(this::write);
        }
    }

    /** The client's writer: sends what is queued, in order; only it writes to the client after the opening. */
    private void write() {
        while (true) {
            SseConnection.Message next;
            while (!gone && (next = unsent.poll()) != null) {
                try {
                    connection.send(next);
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
        return sendNow(SseConnection.Message.comment(text));
    }

    private boolean sendNow(SseConnection.Message event) {
        try {
            connection.send(event);
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
        ending(connection::complete);
    }

    /** Ends the response after a failed send; as {@link #end()}, nothing to do when it already ended. */
    private void endAfter(Exception sendFailure) {
        ending(() -> connection.completeAfter(sendFailure));
    }

    private static void ending(Runnable completion) {
        try {
            completion.run();
        } catch (IllegalStateException alreadyEnded) {
            log.debug("A live event client's response had already ended: {}", alreadyEnded.getMessage());
        }
    }
}
