package io.helpdeskinbox.outbox.internal;

import io.helpdeskinbox.outbox.OutboxTicks;
import io.helpdeskinbox.outbox.TickFanOut;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL that cuts the outbox into ticks, one relay at a time (see {@link OutboxRelay}), and prunes
 * old ticks. A tick is a snapshot; its batch is every event visible in it and not in the tick before
 * (read by {@code OutboxTicks}).
 *
 * <p>Why the order is sound: a transaction in a batch has finished, so nothing is added to a batch
 * once it is cut. A transaction that waited for another's row lock commits after it, so it is never
 * in an earlier tick; and it writes its events (the last step before commit, after every lock it
 * takes) after the other committed, so within a tick its event ids are the larger. "Tick, then
 * event id" therefore keeps each conversation's versions and each agent's counters in order.
 */
@Repository
class TickCutting {

    /** Key of the transaction-scoped advisory lock that lets one relay at a time cut a tick. */
    static final long TICK_LOCK = 0x1D_B0C5_71C4_0000L;

    private final JdbcClient jdbc;
    private final String cut;

    TickCutting(JdbcClient jdbc, List<TickFanOut> fanOuts) {
        this.jdbc = jdbc;
        this.cut = CUT.formatted(IntStream.range(0, fanOuts.size())
                .mapToObj(i -> ",\nfan_out_" + i + " as (" + fanOuts.get(i).statement() + ")")
                .collect(Collectors.joining()), OutboxTicks.CHANNEL);
    }

    /** Only one relay at a time cuts, so tick ids grow with their snapshots. Held until the transaction ends. */
    boolean tryLockTicking() {
        return jdbc.sql("select pg_try_advisory_xact_lock(" + TICK_LOCK + ")").query(Boolean.class).single();
    }

    /**
     * Cuts the next tick, if anything committed since the last one, in one statement: its snapshot is
     * the statement's own, so the batch and the totals are exactly what that snapshot sees. The same
     * statement runs every {@link TickFanOut} on the batch (the webhooks' deliveries) and wakes every
     * instance's streams.
     *
     * @return the new tick's id, or empty when there was nothing to cut
     */
    Optional<Long> cut() {
        return jdbc.sql(cut).query(Long.class).optional();
    }

    private static final String CUT = """
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
                returning id)%s
            select id from tick where pg_notify('%s', id::text) is not null""";

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
}

