package io.helpdeskinbox.infrastructure;

import java.util.Arrays;
import java.util.Set;
import org.springframework.core.env.Environment;

/** Whether the app runs as a deployment ({@code prod} or {@code production} profile): then nothing is made up for convenience. */
public final class ProductionProfile {

    private static final Set<String> NAMES = Set.of("prod", "production");

    private ProductionProfile() {
    }

    public static boolean isActive(Environment environment) {
        return Arrays.stream(environment.getActiveProfiles()).anyMatch(NAMES::contains);
    }
}
