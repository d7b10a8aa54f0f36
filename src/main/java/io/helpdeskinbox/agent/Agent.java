package io.helpdeskinbox.agent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A person who answers conversations. Its {@code activeConversations} counter is never written
 * through this entity: it moves only by the atomic increments of {@link AgentCounters}, in the
 * transaction of the transition that causes it.
 */
@Entity
@Table(name = "agent")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class Agent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private String email;

    @Enumerated(EnumType.STRING)
    private Availability availability;

    private Integer capacity;

    /** What it knows (languages, products): a conversation that requires skills goes to an agent holding them all. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> skills = List.of();

    @Column(insertable = false, updatable = false)
    private int activeConversations;

    private boolean active;

    /** Whether it is connected now: written only by {@link Presence}, never through this entity. */
    @Column(insertable = false, updatable = false)
    private boolean present;

    /** When it last showed it is connected; written only by {@link Presence}. */
    @Column(insertable = false, updatable = false)
    private Instant lastSeenAt;

    private Instant createdAt;

    private Instant updatedAt;

    public Agent(String name, String email, Integer capacity, Instant now) {
        this.name = name;
        this.email = email;
        this.capacity = capacity;
        this.availability = Availability.OFFLINE;
        this.active = true;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void rename(String name, Instant now) {
        this.name = name;
        this.updatedAt = now;
    }

    void changeEmail(String email, Instant now) {
        this.email = email;
        this.updatedAt = now;
    }

    void changeSkills(List<String> skills, Instant now) {
        this.skills = Skills.canonical(skills);
        this.updatedAt = now;
    }

    void changeCapacity(Integer capacity, Instant now) {
        this.capacity = capacity;
        this.updatedAt = now;
    }
}
