package io.helpdeskinbox.signin.internal;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings ({@code INBOX_SIGN_IN_*}).
 *
 * @param invitationValidity how long an invitation link works, unless used or replaced before
 * @param consoleUrl where people open the console, for the links this service hands out (an
 *     invitation); unset: the URL the admin's request came to (behind a proxy, with
 *     {@code server.forward-headers-strategy} set, the proxy's)
 */
@ConfigurationProperties("inbox.sign-in")
record SignInProperties(@DefaultValue("PT72H") Duration invitationValidity, URI consoleUrl) {
}
