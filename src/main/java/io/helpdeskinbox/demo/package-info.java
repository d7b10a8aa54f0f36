/**
 * The demo inbox INBOX_DEMO=true seeds, through the same transitions as the API (in {@code internal}:
 * nothing of it is for other modules).
 */
@ApplicationModule(displayName = "Demo inbox", allowedDependencies = {"agent", "assignment", "conversation", "signin", "web"})
package io.helpdeskinbox.demo;

import org.springframework.modulith.ApplicationModule;
