package io.helpdeskinbox;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module map is a test. Each direct sub-package of {@code io.helpdeskinbox} is a module
 * (agent, assignment, conversation, events, security, consistency, and web, the HTTP plumbing all
 * of them use); a module may use another's top-level types, never the other way round as well
 * (no cycle), and never what another keeps in a sub-package.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(InboxApplication.class);

    @Test
    void modulesDependOnEachOtherWithoutCyclesThroughTheirPublicSurface() {
        MODULES.verify();
    }
}
