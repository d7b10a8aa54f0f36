package io.helpdeskinbox.support;

import io.helpdeskinbox.InboxApplication;
import io.helpdeskinbox.assignment.EngineRounds;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another app instance on its own random port, sharing the test database: what two replicas behind
 * a load balancer look like to PostgreSQL. Only the database can keep them consistent.
 */
public final class SecondInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    public SecondInstance() {
        TestDatabase.Coordinates db = TestDatabase.get();
        // command-line arguments, because builder properties are defaults that application.yml overrides
        this.context = new SpringApplicationBuilder(InboxApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--inbox.admin-token=" + InboxIntegrationTest.ADMIN_TOKEN,
                "--inbox.assignment.sweep-interval=PT1H");
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
