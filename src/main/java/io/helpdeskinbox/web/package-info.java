/**
 * HTTP plumbing every module uses: problem responses, the body size limit, cursor pagination,
 * If-Match. It knows no feature.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = {})
package io.helpdeskinbox.web;

import org.springframework.modulith.ApplicationModule;
