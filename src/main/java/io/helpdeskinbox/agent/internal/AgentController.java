package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.AgentResponse;
import io.helpdeskinbox.agent.AgentService;
import io.helpdeskinbox.agent.Availability;
import io.helpdeskinbox.agent.CreateAgentRequest;
import io.helpdeskinbox.agent.NewAgentResponse;
import io.helpdeskinbox.agent.UpdateAgentRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent directory over HTTP. Deactivating an agent ({@code DELETE}) moves its conversations, so
 * it is the assignment module's ({@code io.helpdeskinbox.assignment.internal.AgentDepartureController}).
 */
@Tag(name = "Agents")
@RestController
@RequestMapping(path = "/api/v1/agents", produces = MediaType.APPLICATION_JSON_VALUE)
class AgentController {

    private final AgentService agents;

    AgentController(AgentService agents) {
        this.agents = agents;
    }

    @Operation(operationId = "createAgent",
            summary = "Create an agent",
            description = "Returns the agent and its token, shown only this once.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true,
            headers = @Header(name = "Location", required = true, description = "The agent's URL",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @PostMapping
    ResponseEntity<NewAgentResponse> create(@Valid @RequestBody CreateAgentRequest request) {
        NewAgentResponse created = agents.create(request);
        return ResponseEntity.created(URI.create("/api/v1/agents/" + created.agent().id())).body(created);
    }

    /** Re-issues the agent's token (ADMIN only); the earlier one stops working at once. */
    @Operation(operationId = "reissueAgentToken",
            summary = "Re-issue an agent's token",
            description = "The earlier token stops working at once.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @PostMapping("/{agentId}/token")
    AgentTokenResponse reissueToken(@PathVariable long agentId) {
        return agents.reissueToken(agentId);
    }

    @Operation(operationId = "listAgents",
            summary = "List agents with their counters",
            description = "Each agent with the number of conversations it manages now; inactive agents only with "
                    + "includeInactive=true.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping
    AgentListResponse list(@RequestParam(required = false) Availability availability,
            @RequestParam(defaultValue = "false") boolean includeInactive) {
        return new AgentListResponse(agents.list(availability, includeInactive));
    }

    @Operation(operationId = "getAgent",
            summary = "Read an agent",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping("/{agentId}")
    AgentResponse get(@PathVariable long agentId) {
        return agents.get(agentId);
    }

    @Operation(operationId = "updateAgent",
            summary = "Change an agent's name, email or capacity",
            description = "A JSON merge patch: absent fields stay as they are; capacity null means unlimited.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @PatchMapping(path = "/{agentId}", consumes = {"application/merge-patch+json", "application/json"})
    AgentResponse update(@PathVariable long agentId, @Valid @RequestBody UpdateAgentRequest patch) {
        return agents.update(agentId, patch);
    }

    @Operation(operationId = "changeAgentAvailability",
            summary = "Set an agent's availability",
            description = "ONLINE, BUSY or OFFLINE. Only ONLINE agents receive automatic assignments; going ONLINE pulls "
                    + "waiting conversations at once. An agent may set its own only.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT"}))
    @PutMapping("/{agentId}/availability")
    @PreAuthorize("hasRole('ADMIN') or principal.isAgent(#agentId)")
    AgentResponse changeAvailability(@PathVariable long agentId, @Valid @RequestBody AvailabilityRequest request) {
        return agents.changeAvailability(agentId, request.availability());
    }
}
