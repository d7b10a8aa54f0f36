package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The live stream's periodic duty, on the scheduler (on background connections): the credential check. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(StreamProperties.class)
class StreamDuties implements SchedulingConfigurer {

    private final LiveEventStream stream;
    private final StreamProperties properties;

    StreamDuties(LiveEventStream stream, StreamProperties properties) {
        this.stream = stream;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(PeriodicDuty.every(properties.credentialCheck(), Duration.ZERO,
                "live stream credential check", stream::endStreamsOfInvalidCredentials));
    }
}
