package io.helpdeskinbox.conversation;

import com.fasterxml.jackson.annotation.JsonSetter;
import io.helpdeskinbox.agent.Skill;
import io.helpdeskinbox.agent.Team;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A JSON merge-patch of a conversation's routing (RFC 7396): an absent member leaves it unchanged, a
 * null member clears it (no team: the global queue; no priority: NORMAL; no skills). Jackson calls a
 * setter only for members present in the document, which is how absent and null are told apart.
 */
public class RouteConversationRequest {

    private Long teamId;

    private Priority priority;

    @Size(max = Skill.MOST)
    private List<@Skill String> requiredSkills;

    private boolean teamGiven;
    private boolean priorityGiven;
    private boolean requiredSkillsGiven;

    @JsonSetter("teamId")
    @Schema(nullable = true, example = "3", description = "its team; null: the global queue")
    void setTeamId(Long teamId) {
        this.teamId = teamId;
        this.teamGiven = true;
    }

    @JsonSetter("priority")
    @Schema(nullable = true, description = "null: NORMAL")
    void setPriority(Priority priority) {
        this.priority = priority;
        this.priorityGiven = true;
    }

    @JsonSetter("requiredSkills")
    @Schema(nullable = true, example = "[\"billing\", \"es\"]",
            description = "replaces them (at most 20); [] or null: none")
    void setRequiredSkills(List<String> requiredSkills) {
        this.requiredSkills = requiredSkills;
        this.requiredSkillsGiven = true;
    }

    /** The routing this patch makes of {@code current}; a team it names is found by {@code teams} (422 if none). */
    Routing applyTo(Routing current, LongFunction<Team> teams) {
        return new Routing(
                teamGiven ? (teamId == null ? null : teams.apply(teamId)) : current.team(),
                priorityGiven ? priority : current.priority(),
                requiredSkillsGiven ? requiredSkills : current.requiredSkills());
    }
}
