package io.helpdeskinbox.outbox;

import java.util.HexFormat;
import java.util.Optional;

/**
 * Where an event stands in the stream: its tick, its outbox id within the tick, and a step after
 * that event for the {@code folders.counted} events that follow it (0 for the event itself). Every
 * instance computes the same positions, so a client may resume anywhere.
 *
 * <p>On the wire it is the opaque event id: fixed-width hexadecimal, so comparing two ids as
 * strings orders them as the stream does.
 */
public record EventPosition(long tick, long eventId, int step) implements Comparable<EventPosition> {

    private static final int LENGTH = 16 + 16 + 4;
    private static final int MAX_STEP = 0xffff;

    /** The event itself. */
    public static EventPosition of(long tick, long eventId) {
        return new EventPosition(tick, eventId, 0);
    }

    /** Right after the last event of a tick: where its folder totals hold. */
    public static EventPosition endOf(long tick, long lastEventId) {
        return new EventPosition(tick, lastEventId, 1);
    }

    /** The next step at this place in the stream: another {@code folders.counted} with the same totals. */
    public EventPosition nextStep() {
        return new EventPosition(tick, eventId, Math.min(step + 1, MAX_STEP));
    }

    public boolean isAfter(EventPosition other) {
        return compareTo(other) > 0;
    }

    public String id() {
        return "%016x%016x%04x".formatted(tick, eventId, step);
    }

    /** @return the position this id names, or empty when it is no id this service sent */
    public static Optional<EventPosition> parse(String id) {
        if (id == null || id.length() != LENGTH || !id.chars().allMatch(HexFormat::isHexDigit)) {
            return Optional.empty();
        }
        long tick = HexFormat.fromHexDigitsToLong(id, 0, 16);
        long eventId = HexFormat.fromHexDigitsToLong(id, 16, 32);
        int step = HexFormat.fromHexDigits(id, 32, 36);
        if (tick < 0 || eventId < 0) {
            return Optional.empty();
        }
        return Optional.of(new EventPosition(tick, eventId, step));
    }

    @Override
    public int compareTo(EventPosition other) {
        int byTick = Long.compare(tick, other.tick);
        if (byTick != 0) {
            return byTick;
        }
        int byEvent = Long.compare(eventId, other.eventId);
        return byEvent != 0 ? byEvent : Integer.compare(step, other.step);
    }

    /** An event's payload as delivered, with this position as its id in front (the stream's and the webhooks' shape). */
    public String inFrontOf(String payload) {
        return "{\"id\":\"" + id() + "\"," + payload.substring(1);
    }
}
