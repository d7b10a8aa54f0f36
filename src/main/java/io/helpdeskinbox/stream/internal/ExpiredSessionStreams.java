package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.security.ConsoleSessions;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends the streams whose console session has expired (nobody used it for its idle timeout), or whose
 * identity provider's access token has (its {@code exp}). A
 * session signed out, or ended by a password change or a deactivation, needs nothing here: its
 * token's revocation ends its streams, in stream order. An expiry is no event: each instance looks
 * for it, reading a stream's session again only once the expiry it knows has passed.
 */
@Component
class ExpiredSessionStreams {

    private static final Logger log = LoggerFactory.getLogger(ExpiredSessionStreams.class);

    private final LiveEventStream stream;
    private final ConsoleSessions sessions;
    private final Clock clock;

    ExpiredSessionStreams(LiveEventStream stream, ConsoleSessions sessions, Clock clock) {
        this.stream = stream;
        this.sessions = sessions;
        this.clock = clock;
    }

    void endStreamsOfExpiredSessions() {
        Instant now = clock.instant();
        for (StreamSubscriber subscriber : stream.subscribers()) {
            HeldSession session = subscriber.session();
            if (session == null || !session.due(now)) {
                continue;
            }
            if (session.id() == null) {
                log.info("A live event stream's access token ({}) has expired; ending it", subscriber.caller().getName());
                stream.end(subscriber);
                continue;
            }
            try {
                Optional<Instant> expiry = sessions.expiry(session.id());
                if (expiry.isPresent()) {
                    session.extendTo(expiry.get());
                } else {
                    log.info("A live event stream's console session ({}) has expired; ending it", subscriber.caller().getName());
                    stream.end(subscriber);
                }
            } catch (RuntimeException e) {
                log.warn("Could not read a live event stream's console session; the next check will", e);
                return;
            }
        }
    }
}
