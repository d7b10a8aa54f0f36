package io.helpdeskinbox.infrastructure;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The instance's periodic duties (presence refreshes and lapses, the assignment sweep, response
 * timeouts, webhook polling, outbox pruning) each have a thread to run on, so none waits for
 * another. Boot's own scheduler runs every fixed-delay task on one thread: with virtual threads on,
 * {@code SimpleAsyncTaskScheduler} keeps fixed-delay tasks on its single scheduler thread; without,
 * its pool has one thread. A duty that waited (the response-timeout check on an agent row a long
 * transaction holds, the sweep waiting for its round, an hour's prune) then held up all the others:
 * lapses went unnoticed and webhooks undelivered for as long. The duties still share the instance's background
 * connections ({@code inbox.background-connections}, sized with them in mind), never the requests'.
 */
@Configuration(proxyBeanMethods = false)
class ScheduledWork {

    /** At least one per duty (checked by ScheduledWorkIT): a duty waiting for something occupies only its own. */
    static final int THREADS = 9;

    /**
     * Boot's builder, so the {@code spring.task.scheduling.*} settings (name prefix, shutdown) still
     * apply; the pool size is this class's, whatever {@code spring.task.scheduling.pool.size} says.
     * Whatever the scheduler runs is background work ({@link BackgroundWork}): every duty draws from
     * the background connections by construction, not by remembering to say so (the outbox prune,
     * an hour's delete, had drawn from the request pool).
     */
    @Bean
    ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
        ThreadPoolTaskScheduler scheduler = builder.poolSize(THREADS).build();
        scheduler.setTaskDecorator(duty -> () -> BackgroundWork.run(duty));
        return scheduler;
    }
}
