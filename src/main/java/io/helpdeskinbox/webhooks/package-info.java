/**
 * Partners' webhooks: their registration, a delivery for each event they want (made by the tick
 * that holds the event), signed, retried, leased across instances, and their log. Nothing of it is
 * for other modules: all of it is in {@code internal}.
 */
@ApplicationModule(displayName = "Webhooks", allowedDependencies = {"infrastructure", "outbox", "security", "web"})
package io.helpdeskinbox.webhooks;

import org.springframework.modulith.ApplicationModule;
