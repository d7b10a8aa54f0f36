/**
 * GET /api/v1/admin/consistency: every stored counter and folder checked against the rows it counts.
 * Nothing of it is for other modules: all of it is in {@code internal}.
 */
@ApplicationModule(displayName = "Consistency report", allowedDependencies = {"conversation"})
package io.helpdeskinbox.consistency;

import org.springframework.modulith.ApplicationModule;
