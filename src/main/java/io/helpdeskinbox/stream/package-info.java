/**
 * GET /api/v1/events: the live Server-Sent Events stream of the outbox's ticks, resumable on any
 * instance, ended when its credential is revoked. Nothing of it is for other modules: all of it is
 * in {@code internal}.
 */
@ApplicationModule(displayName = "Live stream", allowedDependencies = {"agent", "conversation", "infrastructure", "outbox", "security", "web"})
package io.helpdeskinbox.stream;

import org.springframework.modulith.ApplicationModule;
