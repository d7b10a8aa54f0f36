package io.helpdeskinbox.conversation;

import io.helpdeskinbox.agent.Team;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A conversation's routing columns, as the entity keeps them ({@link Routing} is their value). */
@Embeddable
class ConversationRoute {

    /** The team whose agents may take it automatically; null: the global queue, any agent. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "team_id")
    private Team team;

    /** The queue serves URGENT first, then by waiting time. */
    @Enumerated(EnumType.STRING)
    private Priority priority = Priority.NORMAL;

    /** Auto-assignment gives it only to an agent holding every one of these. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> requiredSkills = List.of();

    Routing value() {
        return new Routing(team, priority, requiredSkills);
    }

    /** @return whether it changed */
    boolean change(Routing routing) {
        if (routing.equals(value())) {
            return false;
        }
        team = routing.team();
        priority = routing.priority();
        requiredSkills = routing.requiredSkills();
        return true;
    }

    boolean isIn(Team other) {
        return team != null && Objects.equals(team.getId(), other.getId());
    }

    /** @return whether it changed */
    boolean changeTeam(Team other) {
        return change(new Routing(other, priority, requiredSkills));
    }
}
