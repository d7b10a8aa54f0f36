/**
 * People sign in as themselves: passwords set through one-time invitations and changed by their
 * owner, and the console's sign-in and sign-out (the session itself is the security module's).
 */
@ApplicationModule(displayName = "Sign-in", allowedDependencies = {"agent", "infrastructure", "security", "web"})
package io.helpdeskinbox.signin;

import org.springframework.modulith.ApplicationModule;
