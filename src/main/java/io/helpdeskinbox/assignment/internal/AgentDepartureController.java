package io.helpdeskinbox.assignment.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/v1/agents/{id}}: the agent is kept for history, its conversations go back to the queue. */
@Tag(name = "Agents")
@RestController
class AgentDepartureController {

    private final AgentDepartures departures;

    AgentDepartureController(AgentDepartures departures) {
        this.departures = departures;
    }

    @Operation(operationId = "deactivateAgent",
            summary = "Deactivate an agent",
            description = "The agent becomes inactive (kept for history); its ASSIGNED conversations go back to UNASSIGNED "
                    + "and through auto-assignment, in one transaction.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "204", description = "Deactivated")
    @DeleteMapping("/api/v1/agents/{agentId}")
    ResponseEntity<Void> deactivate(@PathVariable long agentId) {
        departures.deactivate(agentId);
        return ResponseEntity.noContent().build();
    }
}
