package io.helpdeskinbox.infrastructure.internal;

import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @Timed} as Spring Boot sets it up, minus the {@code @MeterTag} handler: that one walks the
 * timed method's parameters and interfaces for annotations on every call, a few percent of a
 * transition's CPU in a profile under load. Nothing here uses {@code @MeterTag}; every tag is fixed
 * in the annotation. Boot's own aspect backs off when this bean exists.
 */
@Configuration(proxyBeanMethods = false)
class TimedWithoutMeterTags {

    @Bean
    TimedAspect timedAspect(MeterRegistry registry) {
        return new TimedAspect(registry);
    }
}
