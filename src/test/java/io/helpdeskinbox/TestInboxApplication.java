package io.helpdeskinbox;

import io.helpdeskinbox.localrun.LocalRun;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The development run, {@code ./mvnw spring-boot:test-run}: the app itself, with a database found
 * or started for it when none is configured ({@link LocalRun}). It lives in the test sources, the
 * way Spring Boot runs development-time services, so the production jar carries no embedded
 * PostgreSQL and can never start one.
 */
public class TestInboxApplication {

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.withHook(LocalRun.HOOK, () -> SpringApplication.run(InboxApplication.class, args));
    }
}
