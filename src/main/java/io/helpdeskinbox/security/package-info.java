/**
 * Who is calling: bearer tokens (admin, agents, API keys), the role matrix, CORS, rate limits, the
 * console's Content-Security-Policy, GET /api/v1/me.
 */
@ApplicationModule(displayName = "Security", allowedDependencies = {"infrastructure", "web"})
package io.helpdeskinbox.security;

import org.springframework.modulith.ApplicationModule;
