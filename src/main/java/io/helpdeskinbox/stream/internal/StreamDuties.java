package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.infrastructure.PeriodicDuty;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The live stream's periodic duties, on the scheduler (on background connections): the credential
 * check, and the expiry of the console sessions streams were opened with (each second, as sign-out
 * ends a session's streams within a second too).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(StreamProperties.class)
class StreamDuties implements SchedulingConfigurer {

    private final LiveEventStream stream;
    private final ExpiredSessionStreams expiredSessions;
    private final StreamProperties properties;

    StreamDuties(LiveEventStream stream, ExpiredSessionStreams expiredSessions, StreamProperties properties) {
        this.stream = stream;
        this.expiredSessions = expiredSessions;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(PeriodicDuty.every(properties.credentialCheck(), Duration.ZERO,
                "live stream credential check", stream::endStreamsOfInvalidCredentials));
        tasks.addFixedDelayTask(PeriodicDuty.every(properties.sessionExpiryCheck(), Duration.ZERO,
                "live stream session expiry", expiredSessions::endStreamsOfExpiredSessions));
    }
}
