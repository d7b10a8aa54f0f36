package io.helpdeskinbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** Every periodic duty of the running application has a scheduler thread it need not share (see PresenceIT for why). */
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
}
