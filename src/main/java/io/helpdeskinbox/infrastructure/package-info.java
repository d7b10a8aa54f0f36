/**
 * What every module runs on and none owns: the two connection pools and the background work that
 * picks one, the scheduler, the clock, retries of transactions PostgreSQL aborted, coalesced reads,
 * the production checks and a metrics aspect. It knows no feature.
 */
@ApplicationModule(displayName = "Infrastructure", type = ApplicationModule.Type.OPEN, allowedDependencies = {})
package io.helpdeskinbox.infrastructure;

import org.springframework.modulith.ApplicationModule;
