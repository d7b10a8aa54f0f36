package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/** The engine's settings: one row, shared by every app instance. */
@Entity
@Table(name = "assignment_settings")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class AssignmentSettings {

    static final short SINGLE_ROW = 1;

    @Id
    private Short id;

    private boolean autoAssignment;

    @Enumerated(EnumType.STRING)
    private AssignmentStrategy strategy;

    /** The capacity of an agent without its own; null = unlimited. */
    private Integer defaultCapacity;

    @Enumerated(EnumType.STRING)
    private ReopenPolicy reopenPolicy;

    /** Only agents actually connected (present) are candidates, not merely ONLINE ones. */
    private boolean presence;

    /** How long the engine's assignee may leave a visitor without an answer; null = forever. */
    private Long responseTimeoutMs;

    private Instant updatedAt;

    void replaceWith(AssignmentSettingsRequest request, Instant now) {
        this.autoAssignment = request.autoAssignment();
        this.strategy = request.strategy();
        this.defaultCapacity = request.defaultCapacity();
        this.reopenPolicy = request.reopenPolicy();
        this.presence = Boolean.TRUE.equals(request.presence());
        this.responseTimeoutMs = request.responseTimeout() == null ? null : request.responseTimeout().toMillis();
        this.updatedAt = now;
    }

    /** @return null when off */
    Duration getResponseTimeout() {
        return responseTimeoutMs == null ? null : Duration.ofMillis(responseTimeoutMs);
    }

    boolean givesReopenedBackToPreviousAgent() {
        return autoAssignment && reopenPolicy == ReopenPolicy.PREVIOUS_AGENT_IF_ONLINE;
    }
}
