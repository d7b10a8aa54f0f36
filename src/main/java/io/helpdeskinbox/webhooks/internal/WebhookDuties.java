package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The webhooks' periodic duty, on the scheduler (on background connections): the deliveries that are due. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookDuties implements SchedulingConfigurer {

    private final WebhookDeliverer deliverer;
    private final WebhookProperties properties;

    WebhookDuties(WebhookDeliverer deliverer, WebhookProperties properties) {
        this.deliverer = deliverer;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(PeriodicDuty.every(properties.pollInterval(), Duration.ZERO, "webhook deliveries due",
                deliverer::claimAndDeliverDue));
    }
}
