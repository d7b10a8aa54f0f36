package io.helpdeskinbox.events.internal;

import io.helpdeskinbox.events.EventPayloads;
import io.helpdeskinbox.conversation.FolderCountsResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the ordered outbox: cutting ticks, reading their batches, and the folder totals at any
 * position. A tick is a snapshot the relay takes; its batch is every event visible in it and not in
 * the tick before. Batches are read as a range of writer transaction ids (between the previous
 * snapshot's xmin and this one's xmax) on the {@code outbox_event_transaction} index.
 *
 * <p>Why the order is sound: a transaction in a batch has finished, so nothing is added to a batch
 * once it is cut. A transaction that waited for another's row lock commits after it, so it is never
 * in an earlier tick; and it writes its events (the last step before commit, after every lock it
 * takes) after the other committed, so within a tick its event ids are the larger. "Tick, then
 * event id" therefore keeps each conversation's versions and each agent's counters in order.
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
class OutboxTicks {

    /** Key of the transaction-scoped advisory lock that lets one relay at a time cut a tick. */
    static final long TICK_LOCK = 0x1D_B0C5_71C4_0000L;
    static final String CHANNEL = "inbox_ticks";

    private final JdbcClient jdbc;
    private final EventPayloads payloads;

    OutboxTicks(JdbcClient jdbc, EventPayloads payloads) {
        this.jdbc = jdbc;
        this.payloads = payloads;
    }

    /** A cut tick: its batch's size and last event, whether it moved a folder, and the totals it holds. */
    record Tick(long id, int events, long lastEventId, boolean movedFolders, FolderCountsResponse totals) {

        EventPosition end() {
            return EventPosition.endOf(id, lastEventId);
        }
    }

    /** One event of a batch, its payload as delivered. */
    record DeliveredEvent(long tick, long id, String type, String payload) {

        EventPosition position() {
            return EventPosition.of(tick, id);
        }
    }

    /** Only one relay at a time cuts, so tick ids grow with their snapshots. Held until the transaction ends. */
    boolean tryLockTicking() {
        return jdbc.sql("select pg_try_advisory_xact_lock(" + TICK_LOCK + ")").query(Boolean.class).single();
    }

    /**
     * Cuts the next tick, if anything committed since the last one, in one statement: its snapshot is
     * the statement's own, so the batch and the totals are exactly what that snapshot sees. The same
     * statement fans the batch out to the webhooks that want it (a {@link StreamRevocation} is for the
     * streams alone) and wakes every instance's streams.
     *
     * @return the new tick's id, or empty when there was nothing to cut
     */
    Optional<Long> cut() {
        return jdbc.sql("""
                        with previous as (
                            select snap, unassigned, assigned, archived from outbox_tick order by id desc limit 1),
                        batch as (
                            select e.id, e.type, e.from_folder, e.to_folder from outbox_event e, previous p
                            where e.tx_id >= (select pg_snapshot_xmin(snap) from previous)
                              and e.tx_id < pg_snapshot_xmax(pg_current_snapshot())
                              and not pg_visible_in_snapshot(e.tx_id, p.snap)),
                        moves as (
                            select count(*) as events, max(id) as last_event_id,
                                   bool_or(from_folder is distinct from to_folder) as moved_folders,
                                   count(*) filter (where to_folder = 'unassigned') - count(*) filter (where from_folder = 'unassigned') as unassigned,
                                   count(*) filter (where to_folder = 'assigned') - count(*) filter (where from_folder = 'assigned') as assigned,
                                   count(*) filter (where to_folder = 'archived') - count(*) filter (where from_folder = 'archived') as archived
                            from batch),
                        tick as (
                            insert into outbox_tick (snap, unassigned, assigned, archived, events, last_event_id,
                                                     moved_folders, created_at)
                            select pg_current_snapshot(), p.unassigned + m.unassigned, p.assigned + m.assigned,
                                   p.archived + m.archived, m.events, m.last_event_id, m.moved_folders, now()
                            from previous p, moves m where m.events > 0
                            returning id),
                        deliveries as (
                            insert into webhook_delivery (webhook_id, event_id, tick_id, state, next_attempt_at, created_at)
                            select w.id, b.id, tick.id, 'PENDING', now(), now()
                            from tick, batch b join webhook w
                                 on w.active and w.disabled_at is null and b.type <> '%s'
                                    and (cardinality(w.events) = 0 or b.type = any(w.events)))
                        select id from tick where pg_notify('%s', id::text) is not null""".formatted(StreamRevocation.TYPE,
                        CHANNEL))
                .query(Long.class).optional();
    }

    Optional<Tick> latest() {
        return jdbc.sql(TICK + " order by id desc limit 1").query(OutboxTicks::tick).optional();
    }

    Optional<Tick> find(long tickId) {
        return jdbc.sql(TICK + " where id = :id").param("id", tickId).query(OutboxTicks::tick).optional();
    }

    /** Up to {@code limit} ticks from {@code firstTick} on, in order. */
    List<Tick> from(long firstTick, int limit) {
        return jdbc.sql(TICK + " where id >= :first order by id limit :limit")
                .param("first", firstTick).param("limit", limit).query(OutboxTicks::tick).list();
    }

    /**
     * The events of ticks {@code firstTick..lastTick} after {@code after}, in stream order. The range
     * starts at the xmin of the tick before the first, or of the first when retention pruned the one
     * before it (a tick's xmin never precedes an earlier tick's; the first tick's own batch cannot be
     * told apart then, as before).
     */
    List<DeliveredEvent> eventsOf(long firstTick, long lastTick, EventPosition after) {
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
    FolderCountsResponse totalsAt(long tick, long eventId) {
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
    FolderCountsResponse totalsNow() {
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

    /** Seconds since the oldest committed event no tick holds yet was written (0: every one is in a tick). */
    double deliveryLagSeconds() {
        return jdbc.sql("""
                        select coalesce(extract(epoch from now() - min(e.created_at)), 0)
                        from (select snap from outbox_tick order by id desc limit 1) t
                        join outbox_event e
                          on e.tx_id >= (select pg_snapshot_xmin(snap) from outbox_tick order by id desc limit 1)
                         and e.tx_id < pg_snapshot_xmax(pg_current_snapshot())
                         and not pg_visible_in_snapshot(e.tx_id, t.snap)""")
                .query(Double.class).single();
    }

    /** Ticks older than {@code cutoff} but the latest: it is where new streams start and /counts adds up from. */
    int pruneBefore(Instant cutoff) {
        return jdbc.sql("delete from outbox_tick where created_at < :cutoff and id < (select max(id) from outbox_tick)")
                .param("cutoff", java.sql.Timestamp.from(cutoff)).update();
    }

    private static final String TICK = """
            select id, events, last_event_id, moved_folders, unassigned, assigned, archived from outbox_tick""";

    private static Tick tick(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Tick(rs.getLong("id"), rs.getInt("events"), rs.getLong("last_event_id"), rs.getBoolean("moved_folders"),
                FolderCountsResponse.of(rs.getLong("unassigned"), rs.getLong("assigned"), rs.getLong("archived")));
    }
}
