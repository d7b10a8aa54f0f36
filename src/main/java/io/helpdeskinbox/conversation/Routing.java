package io.helpdeskinbox.conversation;

import io.helpdeskinbox.agent.Skills;
import io.helpdeskinbox.agent.Team;
import java.util.List;
import java.util.Objects;

/**
 * Where a conversation is routed: the team whose agents may take it (null: any agent), its priority
 * and the skills its agent must hold (each once, alphabetical). Equal when the same team, priority
 * and skills.
 */
public record Routing(Team team, Priority priority, List<String> requiredSkills) {

    /** What existing conversations have, and new ones that say nothing: no team, NORMAL, no skills. */
    public static final Routing DEFAULT = new Routing(null, Priority.NORMAL, List.of());

    public Routing {
        priority = priority == null ? Priority.NORMAL : priority;
        requiredSkills = Skills.canonical(requiredSkills);
    }

    public Long teamId() {
        return team == null ? null : team.getId();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Routing routing && Objects.equals(teamId(), routing.teamId())
                && priority == routing.priority && requiredSkills.equals(routing.requiredSkills);
    }

    @Override
    public int hashCode() {
        return Objects.hash(teamId(), priority, requiredSkills);
    }
}
