package io.helpdeskinbox.events.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox, its relay and the live streams ({@code INBOX_EVENTS_*}). Each default is said here, once.
 *
 * @param heartbeat SSE comment lines that keep proxies from closing an idle stream, this often
 * @param streamTimeout a stream ends after this; clients reconnect with {@code Last-Event-ID}
 * @param clientBuffer the events a stream's client may have unsent before it is disconnected as too slow
 * @param streamPoll how often the streams read the outbox without a wake-up: the safety net for a lost notification
 * @param relayPoll how often the relay looks for events without a notification: its safety net
 * @param tickSpacing ticks are at least this far apart: under load one tick (a transaction of the relay)
 *     carries many events
 * @param retention events older than this whose webhook deliveries are finished are pruned
 * @param pruneInterval how often each instance prunes
 * @param credentialCheck how often each instance asks, in one query, which of its streams' credentials
 *     still work: the safety net under the announced revocations
 */
@ConfigurationProperties("inbox.events")
record EventsProperties(@DefaultValue("PT15S") Duration heartbeat, @DefaultValue("PT30M") Duration streamTimeout,
        @DefaultValue("1000") int clientBuffer, @DefaultValue("PT1S") Duration streamPoll,
        @DefaultValue("PT0.2S") Duration relayPoll, @DefaultValue("PT0.02S") Duration tickSpacing,
        @DefaultValue("P7D") Duration retention, @DefaultValue("PT1H") Duration pruneInterval,
        @DefaultValue("PT30S") Duration credentialCheck) {
}
