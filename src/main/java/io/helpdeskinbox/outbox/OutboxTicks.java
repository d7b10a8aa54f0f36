package io.helpdeskinbox.outbox;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ordered outbox, read: the ticks, their batches in stream order, and the folder totals at any
 * position. A tick is a snapshot the relay takes ({@code TickCutting}); its batch is every event
 * visible in it and not in the tick before. Batches are read as a range of writer transaction ids
 * (between the previous snapshot's xmin and this one's xmax) on the {@code outbox_event_transaction}
 * index. "Tick, then event id" keeps each conversation's versions and each agent's counters in order.
 *
 * <p>Why every read of events names both ends of its transaction-id range as a sub-select or a
 * function of the statement's own snapshot, never as a column of a joined tick: PostgreSQL plans a
 * prepared statement once per connection and keeps that plan until the table's statistics change.
 * A plan made while the outbox was nearly empty (every fresh start), and never re-made where
 * autovacuum is off, scanned the whole outbox on every tick, stream read and {@code /counts}: 13 ms
 * a tick at 25,000 events, a third of a core. A range whose ends are sub-selects is a range of
 * constants to the planner, so even that plan reads the {@code outbox_event_transaction} index
 * from one end to the other.
 */
@Repository
public class OutboxTicks {

    /** The channel every cut tick is announced on (PostgreSQL NOTIFY, with the tick's id). */
    public static final String CHANNEL = "inbox_ticks";

    private final JdbcClient jdbc;
    private final EventPayloads payloads;

    OutboxTicks(JdbcClient jdbc, EventPayloads payloads) {
        this.jdbc = jdbc;
        this.payloads = payloads;
    }

    /** A cut tick: its batch's size and last event, whether it moved a folder, and the totals it holds. */
    public record Tick(long id, int events, long lastEventId, boolean movedFolders, FolderCountsResponse totals) {

        public EventPosition end() {
            return EventPosition.endOf(id, lastEventId);
        }
    }

    /** One event of a batch, its payload as delivered. */
    public record DeliveredEvent(long tick, long id, String type, String payload) {

        public EventPosition position() {
            return EventPosition.of(tick, id);
        }
    }

    public Optional<Tick> latest() {
        return jdbc.sql(TICK + " order by id desc limit 1").query(OutboxTicks::tick).optional();
    }

    public Optional<Tick> find(long tickId) {
        return jdbc.sql(TICK + " where id = :id").param("id", tickId).query(OutboxTicks::tick).optional();
    }

    /** Up to {@code limit} ticks from {@code firstTick} on, in order. */
    public List<Tick> from(long firstTick, int limit) {
        return jdbc.sql(TICK + " where id >= :first order by id limit :limit")
                .param("first", firstTick).param("limit", limit).query(OutboxTicks::tick).list();
    }

    /**
     * The events of ticks {@code firstTick..lastTick} after {@code after}, in stream order. The range
     * starts at the xmin of the tick before the first, or of the first when retention pruned the one
     * before it (a tick's xmin never precedes an earlier tick's; the first tick's own batch cannot be
     * told apart then, as before).
     */
    public List<DeliveredEvent> eventsOf(long firstTick, long lastTick, EventPosition after) {
        return jdbc.sql("""
                        with written as materialized (
                            select e.id, e.type, e.payload, e.tx_id from outbox_event e
                            where e.tx_id >= coalesce(
                                      (select pg_snapshot_xmin(b.snap) from outbox_tick b
                                       where b.id < :first order by b.id desc limit 1),
                                      (select pg_snapshot_xmin(f.snap) from outbox_tick f where f.id = :first))
                              and e.tx_id < (select pg_snapshot_xmax(l.snap) from outbox_tick l where l.id = :last))
                        select t.id as tick, e.id, e.type, e.payload::text as payload
                        from outbox_tick t
                        cross join lateral (select p.snap from outbox_tick p where p.id < t.id order by p.id desc limit 1) prev
                        join written e
                          on pg_visible_in_snapshot(e.tx_id, t.snap) and not pg_visible_in_snapshot(e.tx_id, prev.snap)
                        where t.id between :first and :last and (t.id, e.id) > (:afterTick, :afterEvent)
                        order by t.id, e.id""")
                .param("first", firstTick).param("last", lastTick)
                .param("afterTick", after.tick()).param("afterEvent", after.eventId())
                .query((rs, row) -> new DeliveredEvent(rs.getLong("tick"), rs.getLong("id"), rs.getString("type"),
                        payloads.delivered(rs.getString("payload"))))
                .list();
    }

    /** The folder totals right after event {@code eventId} of {@code tick}: the tick before, plus the moves up to it. */
    public FolderCountsResponse totalsAt(long tick, long eventId) {
        return jdbc.sql("""
                        select p.unassigned + count(*) filter (where e.to_folder = 'unassigned') - count(*) filter (where e.from_folder = 'unassigned'),
                               p.assigned + count(*) filter (where e.to_folder = 'assigned') - count(*) filter (where e.from_folder = 'assigned'),
                               p.archived + count(*) filter (where e.to_folder = 'archived') - count(*) filter (where e.from_folder = 'archived')
                        from outbox_tick t
                        cross join lateral (select snap, unassigned, assigned, archived from outbox_tick p
                                            where p.id < t.id order by p.id desc limit 1) p
                        left join outbox_event e
                          on e.tx_id >= (select pg_snapshot_xmin(b.snap) from outbox_tick b
                                         where b.id < :tick order by b.id desc limit 1)
                         and e.tx_id < (select pg_snapshot_xmax(l.snap) from outbox_tick l where l.id = :tick)
                         and pg_visible_in_snapshot(e.tx_id, t.snap) and not pg_visible_in_snapshot(e.tx_id, p.snap)
                         and e.id <= :eventId
                        where t.id = :tick
                        group by p.unassigned, p.assigned, p.archived""")
                .param("tick", tick).param("eventId", eventId)
                .query((rs, row) -> FolderCountsResponse.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    /**
     * The folder totals at this statement's instant: the latest tick's, plus the moves committed
     * since its snapshot. Exact at every committed instant; the events added up are those of the
     * last few milliseconds, between two ticks.
     */
    public FolderCountsResponse totalsNow() {
        return jdbc.sql("""
                        select t.unassigned + count(*) filter (where e.to_folder = 'unassigned') - count(*) filter (where e.from_folder = 'unassigned'),
                               t.assigned + count(*) filter (where e.to_folder = 'assigned') - count(*) filter (where e.from_folder = 'assigned'),
                               t.archived + count(*) filter (where e.to_folder = 'archived') - count(*) filter (where e.from_folder = 'archived')
                        from (select snap, unassigned, assigned, archived from outbox_tick order by id desc limit 1) t
                        left join outbox_event e
                          on e.tx_id >= (select pg_snapshot_xmin(snap) from outbox_tick order by id desc limit 1)
                         and e.tx_id < pg_snapshot_xmax(pg_current_snapshot())
                         and not pg_visible_in_snapshot(e.tx_id, t.snap)
                        group by t.unassigned, t.assigned, t.archived""")
                .query((rs, row) -> FolderCountsResponse.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    private static final String TICK = """
            select id, events, last_event_id, moved_folders, unassigned, assigned, archived from outbox_tick""";

    private static Tick tick(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Tick(rs.getLong("id"), rs.getInt("events"), rs.getLong("last_event_id"), rs.getBoolean("moved_folders"),
                FolderCountsResponse.of(rs.getLong("unassigned"), rs.getLong("assigned"), rs.getLong("archived")));
    }
}
