/**
 * The conversation: the aggregate and its state machine, folders and counts, new conversations,
 * messages read.
 */
@ApplicationModule(displayName = "Conversations", allowedDependencies = {"agent", "infrastructure", "security", "web"})
package io.helpdeskinbox.conversation;

import org.springframework.modulith.ApplicationModule;
