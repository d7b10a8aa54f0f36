package io.helpdeskinbox.conversation;

import io.helpdeskinbox.agent.Skill;
import io.helpdeskinbox.agent.Skills;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

public record CreateConversationRequest(
        @NotNull @Valid VisitorRequest visitor,
        @PlainText(max = 50) @Schema(example = "web") String channel,
        @PlainText(max = 500) @Schema(example = "Refund for order 4411") String subject,
        @PlainText(max = 10_000) @Schema(example = "Hola, ¿me ayudáis con un reembolso?") String message,
        Boolean waitingForAgent,
        @Schema(example = "3", description = "its team: only the team's agents take it automatically; absent: the "
                + "global queue") Long teamId,
        @Schema(description = "absent: NORMAL") Priority priority,
        @Size(max = Skill.MOST) @Schema(example = "[\"billing\", \"es\"]", description = "auto-assignment gives it "
                + "only to an agent holding all of them (at most 20)") List<@Skill String> requiredSkills) {

    public record VisitorRequest(
            @NotBlank @PlainText(max = 200) @Schema(example = "Cristóbal Villar") String name,
            @Email @PlainText(max = 320) @Schema(example = "cristobal@example.com") String email,
            @PlainText(max = 200) @Schema(example = "crm-88231") String externalId) {
    }

    public Visitor toVisitor() {
        return new Visitor(visitor.name().strip(), visitor.email(), visitor.externalId());
    }

    public boolean isWaitingForAgent() {
        return Boolean.TRUE.equals(waitingForAgent);
    }

    /**
     * Every field of the request, each under its name, in a form that never changes with how the
     * record prints itself: what an Idempotency-Key's fingerprint is taken from.
     */
    String canonicalForm() {
        String fields = String.join("\u0000", "visitor.name=" + visitor.name(), "visitor.email=" + visitor.email(),
                "visitor.externalId=" + visitor.externalId(), "channel=" + channel, "subject=" + subject,
                "message=" + message, "waitingForAgent=" + isWaitingForAgent());
        // routing only when it is not the default: a key stored before routing existed still matches its retry
        Priority given = priority == null ? Priority.NORMAL : priority;
        if (teamId == null && given == Priority.NORMAL && Skills.canonical(requiredSkills).isEmpty()) {
            return fields;
        }
        return String.join("\u0000", fields, "teamId=" + teamId, "priority=" + given,
                "requiredSkills=" + Skills.canonical(requiredSkills));
    }
}
