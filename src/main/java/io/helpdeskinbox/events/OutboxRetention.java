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
 * Prunes events older than {@code inbox.events.retention} whose webhook deliveries are all
 * finished, and the finished deliveries' log with them. A client resuming from a pruned event
 * gets what is left.
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
        int events = jdbc.sql("""
                        delete from outbox_event e where e.created_at < :cutoff
                        and not exists (select 1 from webhook_delivery d where d.event_id = e.id)""")
                .param("cutoff", cutoff).update();
        if (events + deliveries > 0) {
            log.info("Pruned {} events and {} finished webhook deliveries older than {}", events, deliveries, retention);
        }
    }
}
