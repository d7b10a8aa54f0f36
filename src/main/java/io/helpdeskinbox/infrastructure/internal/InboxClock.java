package io.helpdeskinbox.infrastructure.internal;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InboxClock {

    /**
     * UTC in whole microseconds: PostgreSQL keeps timestamps to the microsecond, so what a response
     * shows right after a change is exactly what a later read and a pagination cursor see.
     */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
