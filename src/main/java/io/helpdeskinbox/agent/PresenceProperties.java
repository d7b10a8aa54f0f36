package io.helpdeskinbox.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Presence ({@code INBOX_PRESENCE_*}). The default is said here, once.
 *
 * @param timeout an agent with no open event stream and no API call for this long is no longer present;
 *     with presence on in the settings, only present agents get conversations
 */
@ConfigurationProperties("inbox.presence")
record PresenceProperties(@DefaultValue("PT90S") Duration timeout) {
}
