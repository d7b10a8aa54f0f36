package io.helpdeskinbox.agent;

import java.time.Instant;

public record AgentResponse(
        long id,
        String name,
        String email,
        Availability availability,
        Integer capacity,
        int activeConversations,
        boolean active,
        Instant createdAt) {

    static AgentResponse of(Agent agent) {
        return new AgentResponse(agent.getId(), agent.getName(), agent.getEmail(), agent.getAvailability(),
                agent.getCapacity(), agent.getActiveConversations(), agent.isActive(), agent.getCreatedAt());
    }
}
