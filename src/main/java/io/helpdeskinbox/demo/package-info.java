/**
 * The demo inbox INBOX_DEMO=true seeds, through the same transitions as the API.
 */
@ApplicationModule(displayName = "Demo inbox", allowedDependencies = {"agent", "assignment", "conversation", "web"})
package io.helpdeskinbox.demo;

import org.springframework.modulith.ApplicationModule;
