package io.helpdeskinbox.agent;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import io.helpdeskinbox.infrastructure.PostgresArrays;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether agents are actually connected, apart from the availability they chose. An agent is seen
 * when it calls the API with its token or holds an event stream open; it stays present until
 * nothing shows it for {@code inbox.presence.timeout} (INBOX_PRESENCE_TIMEOUT). Kept in the
 * database, so every instance agrees: a stream open on one instance keeps the agent present for all.
 *
 * <p>Cheap by construction: each instance writes an agent's {@code last_seen_at} at most once per
 * refresh interval (a sixth of the timeout), and refreshes the agents whose streams it holds in one
 * statement. Only the turns are announced ({@code agent.updated} with {@code present}), each once:
 * a lapse is one row change that one instance makes, and a return is seen by the write that makes it.
 */
@Service
@EnableConfigurationProperties(PresenceProperties.class)
public class Presence implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    /** However long the timeout, a lapse is noticed within this. */
    private static final Duration LONGEST_CHECK_INTERVAL = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final ApplicationEventPublisher events;
    private final Counter lapses;
    private final Clock clock;
    private final Duration timeout;
    private final Duration refresh;
    /** When this instance last wrote each agent's sign of life (System.nanoTime): the throttle, not the truth. */
    private final Map<Long, Long> lastWritten = new ConcurrentHashMap<>();
    /** The event streams this instance holds, by agent. */
    private final Map<Long, AtomicInteger> openStreams = new ConcurrentHashMap<>();

    Presence(JdbcClient jdbc, PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
            MeterRegistry meters, Clock clock, PresenceProperties properties) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.events = events;
        this.lapses = Counter.builder("inbox.presence.lapses")
                .description("Agents whose presence lapsed: no stream and no API call within the timeout")
                .register(meters);
        this.clock = clock;
        this.timeout = properties.timeout();
        this.refresh = timeout.dividedBy(6);
    }

    /**
     * The agent called the API: present from now on, written at most once per refresh interval. A
     * failure to write is not the request's: the next call or stream refresh writes it.
     */
    public void seen(long agentId) {
        long now = System.nanoTime();
        Long last = lastWritten.get(agentId);
        if (last != null && now - last < refresh.toNanos()) {
            return;
        }
        lastWritten.put(agentId, now); // before the write: the agent's calls meanwhile need not write too
        try {
            if (markSeen(List.of(agentId), false).isEmpty()) {
                lastWritten.remove(agentId); // nothing written (no such active agent): nothing to throttle
            }
        } catch (RuntimeException e) {
            lastWritten.remove(agentId);
            log.debug("Could not record that agent {} was seen; the next sign of it will", agentId, e);
        }
    }

    /**
     * An event stream with the agent's token opened on this instance: the agent stays present while
     * it is open (and for the timeout after).
     *
     * @return what to run when the stream ends; running it again does nothing
     */
    public Runnable streamOpened(long agentId) {
        openStreams.computeIfAbsent(agentId, id -> new AtomicInteger()).incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                openStreams.computeIfPresent(agentId, (id, count) -> count.decrementAndGet() == 0 ? null : count);
            }
        };
    }

    /**
     * A new agent has shown no sign of life yet, whatever the throttle remembers of its id: an id
     * is reused when the database was emptied or restored behind the instance's back, and the
     * throttle of the id's earlier agent would skip the new agent's first write.
     */
    @EventListener
    void on(AgentJoined joined) {
        lastWritten.remove(joined.agentId());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        Duration check = refresh.compareTo(LONGEST_CHECK_INTERVAL) < 0 ? refresh : LONGEST_CHECK_INTERVAL;
        tasks.addFixedDelayTask(PeriodicDuty.every(refresh, Duration.ZERO, "presence refresh of streaming agents",
                this::refreshStreams));
        tasks.addFixedDelayTask(PeriodicDuty.every(check, Duration.ZERO, "presence lapse check", this::endLapsed));
    }

    /**
     * The agents whose streams this instance holds are seen now, in one statement. An agent whose row
     * another transaction holds is skipped, not waited for: it cannot lapse while held (the lapse
     * check skips it too), and the next refresh writes it (after a hold nearly as long as the
     * timeout, the lapse check may come first: the agent lapses and is back at that refresh).
     * Waiting would let one agent's row, held by a long transaction, stop the refresh of every agent
     * streaming here until they all lapsed.
     */
    void refreshStreams() {
        List<Long> streaming = List.copyOf(openStreams.keySet());
        if (streaming.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        try {
            // only what was written throttles the API calls' writes: a skipped agent's next call writes
            markSeen(streaming, true).forEach(agentId -> lastWritten.put(agentId, now));
        } catch (RuntimeException e) {
            log.warn("Could not refresh the presence of the agents streaming here; trying again in {}", refresh, e);
        }
    }

    /**
     * Agents not seen within the timeout are no longer present, each announced once. Rows another
     * transaction holds are skipped: the next check takes them, and nothing waits for this one.
     */
    void endLapsed() {
        try {
            ownTransaction.executeWithoutResult(status -> {
                Instant cutoff = clock.instant().minus(timeout);
                List<Long> lapsed = jdbc.sql("""
                                with lapsed as (
                                    select id from agent where present and (last_seen_at is null or last_seen_at < :cutoff)
                                    order by id for no key update skip locked)
                                update agent set present = false from lapsed where agent.id = lapsed.id
                                returning agent.id""")
                        .param("cutoff", Timestamp.from(cutoff)).query(Long.class).list();
                lapsed.forEach(agentId -> events.publishEvent(new AgentPresenceChanged(agentId, false)));
                if (!lapsed.isEmpty()) {
                    afterCommit(() -> lapses.increment(lapsed.size()));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not check for lapsed presence; the next check will", e);
        }
    }

    /**
     * One statement: stamps the agents seen now and turns them present, in id order (the order every
     * transition locks agents in). An agent that was not present is announced as back: the engine
     * then looks at the queue for it.
     *
     * @param skippingLocked whether agents whose rows another transaction holds are left out rather than waited for
     * @return the agents stamped
     */
    private List<Long> markSeen(Collection<Long> agentIds, boolean skippingLocked) {
        record Stamped(long agentId, boolean wasPresent) {
        }
        List<Stamped> stamped = ownTransaction.execute(status -> {
            List<Stamped> rows = jdbc.sql("""
                            with seen as (
                                select id, present from agent where id = any(cast(:ids as bigint[])) and active
                                order by id for no key update %s)
                            update agent set last_seen_at = :now, present = true from seen where agent.id = seen.id
                            returning agent.id, seen.present as was_present""".formatted(skippingLocked ? "skip locked" : ""))
                    .param("ids", PostgresArrays.literal(agentIds))
                    .param("now", Timestamp.from(clock.instant()))
                    .query((rs, row) -> new Stamped(rs.getLong("id"), rs.getBoolean("was_present")))
                    .list();
            rows.stream().filter(row -> !row.wasPresent())
                    .forEach(back -> events.publishEvent(new AgentPresenceChanged(back.agentId(), true)));
            return rows;
        });
        return stamped.stream().map(Stamped::agentId).toList();
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
