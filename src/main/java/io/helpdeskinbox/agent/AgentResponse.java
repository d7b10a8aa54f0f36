package io.helpdeskinbox.agent;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

public record AgentResponse(
        @Schema(example = "17") long id,
        @Schema(example = "Ana Beltrán") String name,
        @Schema(example = "ana.beltran@example.com") String email,
        Availability availability,
        @Schema(example = "5", nullable = true, description = "null = unlimited (or the settings' defaultCapacity)")
        Integer capacity,
        @Schema(example = "2") int activeConversations,
        boolean active,
        @Schema(description = "connected now: an open event stream or an API call with the agent's token within "
                + "the presence timeout (INBOX_PRESENCE_TIMEOUT)")
        boolean present,
        @Schema(nullable = true, description = "when it last showed it is connected; null = never")
        Instant lastSeenAt,
        Instant createdAt,
        @Schema(example = "[\"billing\", \"es\"]", description = "lowercase labels, alphabetical; a conversation "
                + "that requires skills is auto-assigned only to an agent holding them all")
        List<String> skills,
        @Schema(description = "the teams it is a member of, by name") List<TeamSummary> teams) {

    static AgentResponse of(Agent agent, List<TeamSummary> teams) {
        return new AgentResponse(agent.getId(), agent.getName(), agent.getEmail(), agent.getAvailability(),
                agent.getCapacity(), agent.getActiveConversations(), agent.isActive(), agent.isPresent(),
                agent.getLastSeenAt(), agent.getCreatedAt(), Skills.canonical(agent.getSkills()), teams);
    }
}
