package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.outbox.EventPosition;
import io.helpdeskinbox.outbox.OutboxTicks;
import io.helpdeskinbox.security.CredentialRevoked;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.Role;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox's record of a revoked credential, where the live stream meets it: in stream order,
 * on every instance. It is never sent to a client nor delivered to a webhook.
 *
 * <p>Why through the outbox and not a notice of its own: everything committed after the revocation
 * is in its tick or a later one (a snapshot that sees a later commit sees the revocation too), so a
 * stream ended before anything of that tick is sent receives nothing committed after it.
 */
record StreamRevocation(EventPosition position, CredentialRevoked revoked) {

    /** Its type in the outbox, beside the contract's event types. */
    static final String TYPE = "credential.revoked";

    /** The revocations among a read's events, in stream order. */
    static List<StreamRevocation> among(List<OutboxTicks.DeliveredEvent> events, JsonMapper json) {
        return events.stream().filter(event -> TYPE.equals(event.type())).map(event -> {
            JsonNode revoked = json.readTree(event.payload()).get("revoked");
            return new StreamRevocation(event.position(), new CredentialRevoked(scope(revoked), revoked.get("id").asLong()));
        }).toList();
    }

    /**
     * Its scope; a revocation written before scopes existed named a role instead (an agent's tokens,
     * or one API key), and may still be in the outbox when an instance of this version reads it.
     */
    private static CredentialRevoked.Scope scope(JsonNode revoked) {
        if (revoked.has("scope")) {
            return CredentialRevoked.Scope.valueOf(revoked.get("scope").asString());
        }
        return Role.valueOf(revoked.get("role").asString()) == Role.AGENT ? CredentialRevoked.Scope.AGENT
                : CredentialRevoked.Scope.TOKEN;
    }

    /**
     * Whether this ends, in {@code tick}, the stream of {@code caller} that was opened once every
     * event up to {@code openedAt} had committed (a revocation before that, the opening's own check
     * has seen).
     */
    boolean ends(long tick, InboxPrincipal caller, EventPosition openedAt) {
        return position.tick() == tick && position.isAfter(openedAt) && revoked.covers(caller);
    }
}
