package io.helpdeskinbox.agent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

public record AgentResponse(
        long id,
        String name,
        String email,
        Availability availability,
        Integer capacity,
        int activeConversations,
        boolean active,
        @Schema(description = "connected now: an open event stream or an API call with the agent's token within "
                + "the presence timeout (INBOX_PRESENCE_TIMEOUT)")
        boolean present,
        @Schema(nullable = true, description = "when it last showed it is connected; null = never")
        Instant lastSeenAt,
        Instant createdAt) {

    static AgentResponse of(Agent agent) {
        return new AgentResponse(agent.getId(), agent.getName(), agent.getEmail(), agent.getAvailability(),
                agent.getCapacity(), agent.getActiveConversations(), agent.isActive(), agent.isPresent(),
                agent.getLastSeenAt(), agent.getCreatedAt());
    }
}
