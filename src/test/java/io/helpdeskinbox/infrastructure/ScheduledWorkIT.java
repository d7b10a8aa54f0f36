package io.helpdeskinbox.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SseClient;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * Every periodic duty of the running application has a scheduler thread it need not share (see
 * PresenceIT for why), and draws from the background connections, never the requests'.
 */
class ScheduledWorkIT extends InboxIntegrationTest {

    @Autowired
    private ApplicationContext application;

    @Test
    void theSchedulerHasAThreadForEveryPeriodicDuty() {
        int duties = application.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                .mapToInt(holder -> holder.getScheduledTasks().size()).sum();
        TaskScheduler scheduler = application.getBean(TaskScheduler.class);

        assertThat(duties).as("the presence, sweep, response-timeout, webhook and retention duties").isGreaterThanOrEqualTo(6);
        assertThat(scheduler).isInstanceOf(ThreadPoolTaskScheduler.class);
        assertThat(((ThreadPoolTaskScheduler) scheduler).getScheduledThreadPoolExecutor().getCorePoolSize())
                .isGreaterThanOrEqualTo(duties);
        assertThat(application.containsBean("applicationTaskExecutor"))
                .as("Boot's task executor, which a scheduler (an Executor too) would otherwise replace").isTrue();
    }

    /**
     * Every request connection is taken (a burst of requests, or a slow database): each periodic
     * duty, run as the scheduler runs it, still finishes, on the background connections. One that
     * drew from the request pool would wait out the pool's 5-s connection timeout and fail.
     */
    @Test
    void everyPeriodicDutyRunsOnTheBackgroundConnectionsWhileTheRequestsHoldEveryOneOfTheirs() throws Exception {
        HikariDataSource requestPool = application.getBean("requestConnections", HikariDataSource.class);
        ThreadPoolTaskScheduler scheduler = (ThreadPoolTaskScheduler) application.getBean(TaskScheduler.class);
        List<ScheduledTask> duties = application.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                .flatMap(holder -> holder.getScheduledTasks().stream()).toList();
        assertThat(duties).extracting(ScheduledTask::toString).anySatisfy(duty -> assertThat(duty).contains("prune"));
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < requestPool.getMaximumPoolSize(); i++) {
                taken.add(requestPool.getConnection());
            }
            for (ScheduledTask duty : duties) {
                CompletableFuture<Void> ran = new CompletableFuture<>();
                scheduler.schedule(() -> {
                    try {
                        duty.getTask().getRunnable().run();
                        ran.complete(null);
                    } catch (Throwable failed) {
                        ran.completeExceptionally(failed);
                    }
                }, Instant.now());
                assertThat(ran).as("%s with every request connection taken", duty).succeedsWithin(Duration.ofSeconds(4));
            }
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
    }

    /**
     * The engine's, the relay's and the stream dispatcher's loops run as background work by
     * construction ({@link BackgroundThread}): with every request connection taken, a waiting
     * conversation is still assigned, its event relayed and sent on an open stream. A loop that drew
     * from the request pool would wait out the pool's 5-s connection timeout.
     */
    @Test
    void theBackgroundLoopsAssignRelayAndStreamWhileTheRequestsHoldEveryConnection() throws Exception {
        inbox.assignmentSettings(false, "BALANCED", null, "QUEUE");
        long agent = inbox.createAgent("Loop Agent", "loop.agent@example.com");
        inbox.setAvailability(agent, "ONLINE");
        long conversation = inbox.startWaitingConversation("Loop Visitor").get("id").asLong();
        // on without the settings' trigger: only the sweep asks the engine for a round below
        jdbc.sql("update assignment_settings set auto_assignment = true").update();
        HikariDataSource requestPool = application.getBean("requestConnections", HikariDataSource.class);
        ThreadPoolTaskScheduler scheduler = (ThreadPoolTaskScheduler) application.getBean(TaskScheduler.class);
        ScheduledTask sweep = application.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                .flatMap(holder -> holder.getScheduledTasks().stream())
                .filter(task -> task.toString().contains("auto-assignment sweep")).findFirst().orElseThrow();
        List<Connection> taken = new ArrayList<>();
        try (SseClient stream = SseClient.connect("http://localhost:" + port, ADMIN_TOKEN, null, null)) {
            for (int i = 0; i < requestPool.getMaximumPoolSize(); i++) {
                taken.add(requestPool.getConnection());
            }
            scheduler.schedule(sweep.getTask().getRunnable(), Instant.now());

            List<SseClient.Event> events = stream.takeUntil(event -> event.name().equals("conversation.assigned"),
                    Duration.ofSeconds(4));
            assertThat(events.get(events.size() - 1).data().get("conversation").get("id").asLong())
                    .as("assigned, relayed and streamed with every request connection taken").isEqualTo(conversation);
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
    }
}
