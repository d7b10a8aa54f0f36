/**
 * The auto-assignment engine: who waits and who may take it, decided in set-based batches on every
 * instance at once; its settings, the sweep, response timeouts and the reopen policy. Other modules
 * may use {@link io.helpdeskinbox.routing.ReopenHandBack}; everything else is in {@code internal}.
 */
@ApplicationModule(displayName = "Routing", allowedDependencies = {"agent", "conversation", "infrastructure", "outbox", "security", "web"})
package io.helpdeskinbox.routing;

import org.springframework.modulith.ApplicationModule;
