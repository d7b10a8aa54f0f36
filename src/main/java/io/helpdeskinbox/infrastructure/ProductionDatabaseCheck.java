package io.helpdeskinbox.infrastructure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A production profile without a database is a start-up error that says what to set, before
 * anything tries to connect. The app has no default database address: a development run gets an
 * embedded PostgreSQL from the test-scoped launcher ({@code ./mvnw spring-boot:test-run}), which
 * the production jar does not carry, so production never starts one by accident.
 */
class ProductionDatabaseCheck implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean production = ProductionProfile.isActive(environment);
        String url = environment.getProperty("spring.datasource.url");
        if (production && (url == null || url.isBlank())) {
            throw new IllegalStateException("No database configured: set SPRING_DATASOURCE_URL (and SPRING_DATASOURCE_USERNAME, "
                    + "SPRING_DATASOURCE_PASSWORD) in a production profile, e.g. jdbc:postgresql://db.internal:5432/inbox");
        }
    }
}
