package io.helpdeskinbox.outbox.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox, its relay and its retention ({@code INBOX_EVENTS_*}, beside the live stream's
 * settings). Each default is said here, once.
 *
 * @param relayPoll how often the relay looks for events without a notification: its safety net
 * @param tickSpacing ticks are at least this far apart: under load one tick (a transaction of the relay)
 *     carries many events
 * @param retention events older than this whose webhook deliveries are finished are pruned
 * @param pruneInterval how often each instance prunes
 */
@ConfigurationProperties("inbox.events")
record OutboxProperties(@DefaultValue("PT0.2S") Duration relayPoll, @DefaultValue("PT0.02S") Duration tickSpacing,
        @DefaultValue("P7D") Duration retention, @DefaultValue("PT1H") Duration pruneInterval) {
}
