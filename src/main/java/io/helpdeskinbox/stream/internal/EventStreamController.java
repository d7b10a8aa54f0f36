package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.agent.Presence;
import io.helpdeskinbox.outbox.EventType;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.Role;
import io.helpdeskinbox.web.FieldRejectedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/events}: the live stream. Each event's SSE id is its opaque position in the
 * stream; reconnecting with {@code Last-Event-ID} (the header browsers send, or the query parameter)
 * resumes right after it. {@code types} filters by event name, e.g. {@code types=conversation.assigned,agent.updated}.
 */
@Tag(name = "Events")
@RestController
@RequestMapping("/api/v1/events")
class EventStreamController {

    private final LiveEventStream stream;
    private final Presence presence;

    EventStreamController(LiveEventStream stream, Presence presence) {
        this.stream = stream;
        this.presence = presence;
    }

    @Operation(operationId = "streamEvents",
            summary = "Live events (Server-Sent Events)",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) String lastEventIdParameter,
            @RequestParam(name = "types", required = false) String types,
            @AuthenticationPrincipal InboxPrincipal caller, HttpServletRequest request) {
        String lastEventId = lastEventIdHeader != null ? lastEventIdHeader : lastEventIdParameter;
        Set<String> wanted = eventTypes(types);
        // an agent with its stream open is there, on whichever instance holds the stream
        Runnable ended = caller != null && caller.role() == Role.AGENT ? presence.streamOpened(caller.agentId())
                : () -> { };
        SseConnection connection;
        try {
            connection = stream.subscribe(lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip(), wanted,
                    caller, heldSession(caller, SecurityContextHolder.getContext().getAuthentication(), request), ended);
        } catch (RuntimeException e) {
            ended.run();
            throw e;
        }
        if (caller != null && caller.role() == Role.AGENT) {
            presence.seen(caller.agentId()); // at once: the stream's refreshes follow
        }
        return connection.emitter();
    }

    /**
     * The console session the caller was authenticated by, with when it expires unless used; for an
     * identity provider's token, its expiry; null for our own tokens (they end only when revoked).
     */
    private static HeldSession heldSession(InboxPrincipal caller, Authentication authentication, HttpServletRequest request) {
        if (authentication instanceof BearerTokenAuthentication bearer && bearer.getToken().getExpiresAt() != null) {
            return HeldSession.until(bearer.getToken().getExpiresAt());
        }
        HttpSession session = caller != null && caller.session() ? request.getSession(false) : null;
        return session == null ? null : new HeldSession(session.getId(),
                Instant.ofEpochMilli(session.getLastAccessedTime()).plusSeconds(session.getMaxInactiveInterval()));
    }

    private static Set<String> eventTypes(String types) {
        if (types == null || types.isBlank()) {
            return Set.of();
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String type : Arrays.stream(types.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList()) {
            if (EventType.ofWireName(type) == null) {
                throw new FieldRejectedException("types", "has an unknown event type: one of "
                        + Arrays.stream(EventType.values()).map(EventType::wireName).toList());
            }
            wanted.add(type);
        }
        return wanted;
    }
}
