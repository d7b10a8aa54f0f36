package io.helpdeskinbox.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Prunes events and ticks older than {@code inbox.events.retention} whose webhook deliveries are
 * all finished, and the finished deliveries' log with them. A client resuming from a pruned
 * position gets what is left, from the oldest tick kept.
 */
@Component
class OutboxRetention {

    private static final Logger log = LoggerFactory.getLogger(OutboxRetention.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;

    OutboxRetention(JdbcClient jdbc, Clock clock, @Value("${inbox.events.retention:P7D}") Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${inbox.events.prune-interval:PT1H}", initialDelayString = "PT1M")
    @Transactional
    public void prune() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(retention));
        int deliveries = jdbc.sql("delete from webhook_delivery where state <> 'PENDING' and created_at < :cutoff")
                .param("cutoff", cutoff).update();
        // only events a tick already holds: one held back by a long transaction is not delivered yet
        int events = jdbc.sql("""
                        delete from outbox_event e where e.created_at < :cutoff
                        and e.tx_id < (select pg_snapshot_xmin(snap) from outbox_tick order by id desc limit 1)
                        and not exists (select 1 from webhook_delivery d where d.event_id = e.id)""")
                .param("cutoff", cutoff).update();
        // the latest tick stays: it is where new streams start and where /counts adds up from
        int ticks = jdbc.sql("""
                        delete from outbox_tick where created_at < :cutoff
                        and id < (select max(id) from outbox_tick)""")
                .param("cutoff", cutoff).update();
        if (events + deliveries + ticks > 0) {
            log.info("Pruned {} events, {} ticks and {} finished webhook deliveries older than {}", events, ticks,
                    deliveries, retention);
        }
    }
}
