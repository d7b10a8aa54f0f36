package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.outbox.EventPosition;
import io.helpdeskinbox.outbox.OutboxTicks;
import io.helpdeskinbox.web.FieldRejectedException;
import java.util.regex.Pattern;

/**
 * Where a live stream starts: the position after which it is sent every event, the totals that hold
 * there, the client's position when retention deleted what followed it ({@code expiredLastEventId},
 * else null), and the end of the latest tick when it opened ({@code openedAt}: revocations up to it
 * were checked at the opening).
 */
record StreamStart(EventPosition position, FolderCountsResponse totals, String expiredLastEventId,
        EventPosition openedAt) {

    private static final Pattern LEGACY_EVENT_ID = Pattern.compile("[0-9]{1,18}");

    /**
     * For a client that has seen every event up to {@code lastEventId} (null: only what comes from
     * now on). A position older than the retained events cannot be resumed without a gap: the start
     * is then now, with the expired id kept for the stream to say so. An id this service never sent
     * is refused.
     */
    static StreamStart of(String lastEventId, OutboxTicks ticks) {
        OutboxTicks.Tick latest = ticks.latest().orElseThrow();
        if (lastEventId == null) {
            return new StreamStart(latest.end(), latest.totals(), null, latest.end());
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
        return new StreamStart(resume.nextStep(), totals, null, latest.end());
    }

    private static StreamStart expired(OutboxTicks.Tick latest, String lastEventId) {
        return new StreamStart(latest.end(), latest.totals(), lastEventId, latest.end());
    }
}
