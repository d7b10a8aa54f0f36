package io.helpdeskinbox.events.internal;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The events module's periodic duties, on the scheduler (each on background connections): the
 * webhook deliveries that are due, the streams' credential check, and the outbox prune (first a
 * minute after start-up, out of the way of the instance's warm-up).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({EventsProperties.class, WebhookProperties.class})
class EventDuties implements SchedulingConfigurer {

    private static final Duration FIRST_PRUNE = Duration.ofMinutes(1);

    private final WebhookDeliverer deliverer;
    private final LiveEventStream stream;
    private final OutboxRetention retention;
    private final EventsProperties events;
    private final WebhookProperties webhooks;

    EventDuties(WebhookDeliverer deliverer, LiveEventStream stream, OutboxRetention retention, EventsProperties events,
            WebhookProperties webhooks) {
        this.deliverer = deliverer;
        this.stream = stream;
        this.retention = retention;
        this.events = events;
        this.webhooks = webhooks;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(PeriodicDuty.every(webhooks.pollInterval(), Duration.ZERO, "webhook deliveries due",
                deliverer::claimAndDeliverDue));
        tasks.addFixedDelayTask(PeriodicDuty.every(events.credentialCheck(), Duration.ZERO,
                "live stream credential check", stream::endStreamsOfInvalidCredentials));
        tasks.addFixedDelayTask(PeriodicDuty.every(events.pruneInterval(), FIRST_PRUNE, "outbox prune", retention::prune));
    }
}
