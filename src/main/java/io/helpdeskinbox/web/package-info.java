/**
 * HTTP plumbing every module uses: problem responses, the body size limit, cursor pagination,
 * If-Match, and the one place where a module's refusal gets its HTTP status. It knows no feature.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = {"infrastructure"})
package io.helpdeskinbox.web;

import org.springframework.modulith.ApplicationModule;
