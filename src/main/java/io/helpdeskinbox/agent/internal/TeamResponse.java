package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A team, its own auto-assignment settings (null: the global setting) and its active members. */
public record TeamResponse(
        @Schema(example = "3") long id,
        @Schema(example = "Billing (Spanish)") String name,
        @Schema(nullable = true, example = "Invoices, refunds and payment methods, in Spanish") String description,
        @Schema(nullable = true, description = "whether the engine serves this team's conversations; null = the "
                + "settings' autoAssignment")
        Boolean autoAssignment,
        @Schema(nullable = true, description = "how the engine picks among this team's agents; null = the settings' "
                + "strategy")
        AssignmentStrategy strategy,
        @Schema(nullable = true, minimum = "0", description = "the capacity of a member without its own; null = the "
                + "settings' defaultCapacity")
        Integer defaultCapacity,
        @Schema(description = "its active members, by id") List<Member> members,
        Instant createdAt,
        Instant updatedAt) {

    /** A member as a team shows it. */
    public record Member(@Schema(example = "17") long id, @Schema(example = "Ana Beltrán") String name) {
    }
}
