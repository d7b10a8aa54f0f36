/**
 * GET /api/v1/admin/consistency: every stored counter and folder checked against the rows it counts.
 */
@ApplicationModule(displayName = "Consistency report", allowedDependencies = {"conversation"})
package io.helpdeskinbox.consistency;

import org.springframework.modulith.ApplicationModule;
