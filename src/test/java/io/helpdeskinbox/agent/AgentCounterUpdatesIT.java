package io.helpdeskinbox.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A counter move, the update every action makes, is a heap-only (HOT) update of the agent row: no
 * index entry written, no dead version left for VACUUM alone to clear. Without it the few hot agent
 * rows pile up dead versions by the hundred thousand under load and every write slows down
 * (BENCHMARKS.md). PostgreSQL counts a session's updates, heap-only or not, in
 * {@code pg_stat_xact_user_tables} until it reports them, never during a transaction.
 */
class AgentCounterUpdatesIT extends InboxIntegrationTest {

    @Autowired
    private AgentCounters counters;

    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void movingAnAgentsCounterLeavesItsIndexesAlone() {
        long ana = inbox.createAgent("Ana Beltrán", "ana.beltran@example.com");
        long ben = inbox.createAgent("Ben Okafor", "ben.okafor@example.com");
        Instant now = Instant.now();

        Map<String, Long> updates = new TransactionTemplate(transactions).execute(status -> {
            status.setRollbackOnly();
            // the session's counts not yet reported may include its earlier transactions': take the difference
            Map<String, Long> before = agentUpdatesCounted();
            assertThat(counters.incrementIfActive(ana, now)).isEqualTo(1);
            assertThat(counters.move(ana, ben, now)).isEqualTo(2);
            assertThat(counters.decrement(ben, 1)).isEqualTo(1);
            Map<String, Long> after = agentUpdatesCounted();
            return Map.of("all", after.get("all") - before.get("all"),
                    "heapOnly", after.get("heapOnly") - before.get("heapOnly"));
        });

        assertThat(updates).isEqualTo(Map.of("all", 4L, "heapOnly", 4L));
    }

    private Map<String, Long> agentUpdatesCounted() {
        return jdbc.sql("select n_tup_upd, n_tup_hot_upd from pg_stat_xact_user_tables where relname = 'agent'")
                .query((rs, row) -> Map.of("all", rs.getLong(1), "heapOnly", rs.getLong(2))).single();
    }
}
