package io.helpdeskinbox.stream.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live streams ({@code INBOX_EVENTS_*}, beside the outbox's settings). Each default is said here, once.
 *
 * @param heartbeat SSE comment lines that keep proxies from closing an idle stream, this often
 * @param streamTimeout a stream ends after this; clients reconnect with {@code Last-Event-ID}
 * @param clientBuffer the events a stream's client may have unsent before it is disconnected as too slow
 * @param streamPoll how often the streams read the outbox without a wake-up: the safety net for a lost notification
 * @param credentialCheck how often each instance asks, in one query, which of its streams' credentials
 *     still work: the safety net under the announced revocations
 * @param sessionExpiryCheck how often each instance looks for streams whose console session's known
 *     expiry has passed, and reads those sessions again (only those)
 */
@ConfigurationProperties("inbox.events")
record StreamProperties(@DefaultValue("PT15S") Duration heartbeat, @DefaultValue("PT30M") Duration streamTimeout,
        @DefaultValue("1000") int clientBuffer, @DefaultValue("PT1S") Duration streamPoll,
        @DefaultValue("PT30S") Duration credentialCheck, @DefaultValue("PT1S") Duration sessionExpiryCheck) {
}
