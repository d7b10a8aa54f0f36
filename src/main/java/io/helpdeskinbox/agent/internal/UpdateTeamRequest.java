package io.helpdeskinbox.agent.internal;

import com.fasterxml.jackson.annotation.JsonSetter;
import io.helpdeskinbox.agent.AssignmentStrategy;
import io.helpdeskinbox.web.FieldRejectedException;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A JSON merge-patch of a team (RFC 7396): an absent member leaves the field unchanged, a null
 * member clears it (a cleared setting is the global one again). Jackson calls a setter only for
 * members present in the document, which is how absent and null are told apart. The name cannot be
 * cleared.
 */
public class UpdateTeamRequest {

    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
    @PlainText(max = 100)
    private String name;

    @PlainText(max = 500)
    private String description;

    private Boolean autoAssignment;

    private AssignmentStrategy strategy;

    @PositiveOrZero
    private Integer defaultCapacity;

    private boolean nameGiven;
    private boolean descriptionGiven;
    private boolean autoAssignmentGiven;
    private boolean strategyGiven;
    private boolean defaultCapacityGiven;

    @JsonSetter("name")
    void setName(String name) {
        this.name = name;
        this.nameGiven = true;
    }

    @JsonSetter("description")
    @Schema(nullable = true)
    void setDescription(String description) {
        this.description = description;
        this.descriptionGiven = true;
    }

    @JsonSetter("autoAssignment")
    @Schema(nullable = true, description = "null = the settings' autoAssignment")
    void setAutoAssignment(Boolean autoAssignment) {
        this.autoAssignment = autoAssignment;
        this.autoAssignmentGiven = true;
    }

    @JsonSetter("strategy")
    @Schema(nullable = true, description = "null = the settings' strategy")
    void setStrategy(AssignmentStrategy strategy) {
        this.strategy = strategy;
        this.strategyGiven = true;
    }

    @JsonSetter("defaultCapacity")
    @Schema(nullable = true, minimum = "0", description = "null = the settings' defaultCapacity")
    void setDefaultCapacity(Integer defaultCapacity) {
        this.defaultCapacity = defaultCapacity;
        this.defaultCapacityGiven = true;
    }

    /** The team with this patch applied. */
    TeamRepository.TeamRow applyTo(TeamRepository.TeamRow team) {
        if (nameGiven && name == null) {
            throw new FieldRejectedException("name", "must not be null");
        }
        return new TeamRepository.TeamRow(team.id(), nameGiven ? name.strip() : team.name(),
                descriptionGiven ? description : team.description(),
                autoAssignmentGiven ? autoAssignment : team.autoAssignment(),
                strategyGiven ? strategy : team.strategy(),
                defaultCapacityGiven ? defaultCapacity : team.defaultCapacity(), team.createdAt(), team.updatedAt());
    }
}
