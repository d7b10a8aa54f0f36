/**
 * What moves conversations between agents: the manual transitions, messages, agents leaving, and
 * the auto-assignment engine with its settings, sweep and response timeouts. Other modules may use
 * {@link io.helpdeskinbox.assignment.AssignmentService} and
 * {@link io.helpdeskinbox.assignment.ConversationMessages}; everything else is in {@code internal}.
 */
@ApplicationModule(displayName = "Assignment", allowedDependencies = {"agent", "conversation", "infrastructure", "outbox", "security", "web"})
package io.helpdeskinbox.assignment;

import org.springframework.modulith.ApplicationModule;
