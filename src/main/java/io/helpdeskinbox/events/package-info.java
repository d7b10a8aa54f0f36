/**
 * What happened, told: the transactional outbox, the timeline, the relay and its ticks, the live
 * SSE stream and webhooks.
 */
@ApplicationModule(displayName = "Events", allowedDependencies = {"agent", "conversation", "infrastructure", "security", "web"})
package io.helpdeskinbox.events;

import org.springframework.modulith.ApplicationModule;
