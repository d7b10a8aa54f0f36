/**
 * What happened, told: the transactional outbox, the timeline, the relay and its ticks, the live
 * SSE stream and webhooks. Other modules may use {@link io.helpdeskinbox.events.EventType} and
 * {@link io.helpdeskinbox.events.EventPayloads}; everything else is in {@code internal}, hidden from them.
 */
@ApplicationModule(displayName = "Events", allowedDependencies = {"agent", "conversation", "infrastructure", "security", "web"})
package io.helpdeskinbox.events;

import org.springframework.modulith.ApplicationModule;
