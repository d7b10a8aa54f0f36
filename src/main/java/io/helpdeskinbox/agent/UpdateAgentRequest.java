package io.helpdeskinbox.agent;

import com.fasterxml.jackson.annotation.JsonSetter;
import io.helpdeskinbox.web.FieldRejectedException;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A JSON merge-patch of an agent (RFC 7396): an absent member leaves the field unchanged, a null
 * member clears it. Jackson calls a setter only for members present in the document, which is
 * how absent and null are told apart. Only capacity (= unlimited) and skills (= none) may be cleared.
 */
public class UpdateAgentRequest {

    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
    @PlainText(max = 200)
    private String name;

    @Email
    @Pattern(regexp = ".*\\S.*", message = "must not be blank")
    @PlainText(max = 320)
    private String email;

    @PositiveOrZero
    private Integer capacity;

    @Size(max = Skill.MOST)
    private List<@Skill String> skills;

    private boolean nameGiven;
    private boolean emailGiven;
    private boolean capacityGiven;
    private boolean skillsGiven;

    @JsonSetter("name")
    void setName(String name) {
        this.name = name;
        this.nameGiven = true;
    }

    @JsonSetter("email")
    void setEmail(String email) {
        this.email = email;
        this.emailGiven = true;
    }

    @JsonSetter("capacity")
    @Schema(nullable = true, minimum = "0", description = "null = unlimited (or the settings' defaultCapacity)")
    void setCapacity(Integer capacity) {
        this.capacity = capacity;
        this.capacityGiven = true;
    }

    @JsonSetter("skills")
    @Schema(nullable = true, example = "[\"billing\", \"es\"]",
            description = "replaces its skills (at most 20); [] or null: none")
    void setSkills(List<String> skills) {
        this.skills = skills;
        this.skillsGiven = true;
    }

    /** Whether it may let the agent take more than before: a capacity, or skills some waiting conversation requires. */
    public boolean mayGiveWork() {
        return capacityGiven || skillsGiven;
    }

    void applyTo(Agent agent, java.time.Instant now) {
        if (nameGiven) {
            agent.rename(required("name", name).strip(), now);
        }
        if (emailGiven) {
            agent.changeEmail(required("email", email).strip(), now);
        }
        if (capacityGiven) {
            agent.changeCapacity(capacity, now);
        }
        if (skillsGiven) {
            agent.changeSkills(skills, now);
        }
    }

    /** The new e-mail address, when the patch changes it. */
    String newEmail() {
        return emailGiven && email != null ? email.strip() : null;
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new FieldRejectedException(field, "must not be null");
        }
        return value;
    }
}
