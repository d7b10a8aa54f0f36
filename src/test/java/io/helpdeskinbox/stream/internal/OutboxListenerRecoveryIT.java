package io.helpdeskinbox.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The connection an instance LISTENs on can drop (a failover, a proxy's idle timeout, an operator's
 * {@code pg_terminate_backend}). The second instance's streams poll only once an hour here, so only
 * the listener can bring them another instance's changes: what this proves is the listener's own
 * recovery, not the poll's.
 */
class OutboxListenerRecoveryIT extends InboxIntegrationTest {

    private static final Duration SOON = Duration.ofSeconds(5);

    @Test
    void aStreamOnAnotherInstanceMissesNothingWhileItsListeningConnectionIsCutAndHearsAgainAfter() throws Exception {
        try (SecondInstance second = new SecondInstance(Map.of("inbox.events.stream-poll", "PT1H"));
                SseClient onSecond = SseClient.connect("http://localhost:" + second.port(), ADMIN_TOKEN, null,
                        "types=conversation.created")) {
            long before = inbox.startConversation("Before the cut");
            assertThat(createdIn(onSecond.takeChanges(1, SOON))).containsExactly(before);

            List<Integer> cut = listeningConnections();
            assertThat(cut).as("each instance listens on a connection of its own").hasSizeGreaterThanOrEqualTo(2);
            jdbc.sql("select pg_terminate_backend(pid) from pg_stat_activity where pid in (:pids)")
                    .param("pids", cut).query(Boolean.class).list();

            // committed (and cut into a tick by this instance) while the second instance cannot hear
            // it: it comes when the listener is back, which wakes the stream for what it missed
            long meanwhile = inbox.startConversation("While nobody listens");
            assertThat(createdIn(onSecond.takeChanges(1, SOON)))
                    .as("the change made while the listener was cut off").containsExactly(meanwhile);

            Awaitility.await("listening again on new connections").atMost(SOON)
                    .until(() -> listeningConnections().stream().filter(pid -> !cut.contains(pid)).count() >= 2);
            for (int i = 1; i <= 5; i++) {
                long after = inbox.startConversation("After the cut " + i);
                assertThat(createdIn(onSecond.takeChanges(1, SOON))).as("change %d after the listener came back", i)
                        .containsExactly(after);
            }
        }
    }

    /** The backends whose session last ran a LISTEN: only the instances' listeners do. */
    private List<Integer> listeningConnections() {
        return jdbc.sql("""
                select pid from pg_stat_activity
                where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()""")
                .query(Integer.class).list();
    }

    private static List<Long> createdIn(List<SseClient.Event> events) {
        return events.stream().map(event -> event.data().get("conversation").get("id").asLong()).toList();
    }
}
