/**
 * Service levels (issue 38, begun): business hours and the arithmetic of business time that SLA due
 * times are computed with. Policies, due times on conversations, warnings and breaches come next.
 */
@ApplicationModule(displayName = "Service levels", allowedDependencies = {})
package io.helpdeskinbox.sla;

import org.springframework.modulith.ApplicationModule;
