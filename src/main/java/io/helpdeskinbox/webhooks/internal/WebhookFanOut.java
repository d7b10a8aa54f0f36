package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.outbox.EventPayloads;
import io.helpdeskinbox.outbox.TickFanOut;
import org.springframework.stereotype.Component;

/**
 * A pending delivery for each event of a tick and each webhook that wants it, made by the statement
 * that cuts the tick: an event is never in a tick without its deliveries. A webhook that lists no
 * types wants them all; a credential's revocation is for the streams alone.
 */
@Component
class WebhookFanOut implements TickFanOut {

    private static final String DELIVERIES = """
            insert into webhook_delivery (webhook_id, event_id, tick_id, state, next_attempt_at, created_at)
            select w.id, b.id, tick.id, 'PENDING', now(), now()
            from tick, batch b join webhook w
                 on w.active and w.disabled_at is null and b.type <> '%s'
                    and (cardinality(w.events) = 0 or b.type = any(w.events))""".formatted(
            EventPayloads.CREDENTIAL_REVOKED);

    @Override
    public String statement() {
        return DELIVERIES;
    }
}
