package io.helpdeskinbox.agent;

import org.springframework.context.ApplicationContext;

/**
 * Each instance writes an agent's sign of life at most once per refresh interval, remembered by
 * agent id. Tests empty every table between tests and agent ids start again at 1, so a test's agent
 * could inherit the throttle of the previous test's agent with its id, and not be made present by
 * its first API call or stream (seen: an agent's stream opened without making it present, after a
 * test whose agent with the same id had called the API seconds before).
 */
public final class PresenceWrites {

    private PresenceWrites() {
    }

    public static void forget(ApplicationContext instance) {
        instance.getBean(Presence.class).forgetWrites();
    }
}
