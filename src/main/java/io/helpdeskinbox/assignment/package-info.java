/**
 * What people do to conversations: the manual transitions (assign, transfer, unassign, archive,
 * reopen, handoff), messages, and an agent leaving. Other modules may use
 * {@link io.helpdeskinbox.assignment.AssignmentService} and
 * {@link io.helpdeskinbox.assignment.ConversationMessages}; everything else is in {@code internal}.
 */
@ApplicationModule(displayName = "Assignment", allowedDependencies = {"agent", "conversation", "infrastructure", "outbox", "routing", "security", "web"})
package io.helpdeskinbox.assignment;

import org.springframework.modulith.ApplicationModule;
