package io.helpdeskinbox.support;

import io.helpdeskinbox.InboxApplication;
import io.helpdeskinbox.routing.internal.EngineRounds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another app instance on its own random port, sharing the test database: what two replicas behind
 * a load balancer look like to PostgreSQL. Only the database can keep them consistent.
 */
public final class SecondInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    public SecondInstance() {
        this(Map.of());
    }

    /** With these properties set differently from the test defaults. */
    public SecondInstance(Map<String, String> overrides) {
        Map<String, String> properties = properties(overrides);
        // command-line arguments, because builder properties are defaults that application.yml overrides
        this.context = new SpringApplicationBuilder(InboxApplication.class).run(properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
    }

    /** What another instance is started with: the test database, the test defaults, then {@code overrides}. */
    static Map<String, String> properties(Map<String, String> overrides) {
        TestDatabase.Coordinates db = TestDatabase.get();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", db.url());
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        properties.put("inbox.admin-token", InboxIntegrationTest.ADMIN_TOKEN);
        properties.put("inbox.assignment.sweep-interval", "PT1H");
        // the running test's webhook settings (its backoff, timeout, attempts; loopback receivers allowed)
        properties.putAll(InboxIntegrationTest.runningTestWebhookSettings());
        properties.put("inbox.webhooks.allow-private-networks", "true");
        properties.put("inbox.rate-limits.per-caller.requests-per-second", "1000000");
        properties.put("inbox.rate-limits.per-caller.burst", "1000000");
        properties.put("inbox.rate-limits.failed-authentication.attempts", "1000000");
        properties.putAll(overrides);
        return properties;
    }

    public InboxClient client() {
        return new InboxClient("http://localhost:" + port(), InboxIntegrationTest.ADMIN_TOKEN).readingAfter(this::awaitQueueServed);
    }

    /** Waits until this instance's engine has served every round asked of it so far. */
    public void awaitQueueServed() {
        EngineRounds.awaitServed(context);
    }

    public int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
