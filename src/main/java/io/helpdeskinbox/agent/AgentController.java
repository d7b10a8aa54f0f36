package io.helpdeskinbox.agent;

import jakarta.validation.Valid;
import java.net.URI;
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
 * it is the assignment module's ({@code io.helpdeskinbox.assignment.AgentDepartureController}).
 */
@RestController
@RequestMapping("/api/v1/agents")
class AgentController {

    private final AgentService agents;

    AgentController(AgentService agents) {
        this.agents = agents;
    }

    @PostMapping
    ResponseEntity<NewAgentResponse> create(@Valid @RequestBody CreateAgentRequest request) {
        NewAgentResponse created = agents.create(request);
        return ResponseEntity.created(URI.create("/api/v1/agents/" + created.agent().id())).body(created);
    }

    /** Re-issues the agent's token (ADMIN only); the earlier one stops working at once. */
    @PostMapping("/{agentId}/token")
    AgentTokenResponse reissueToken(@PathVariable long agentId) {
        return agents.reissueToken(agentId);
    }

    @GetMapping
    AgentListResponse list(@RequestParam(required = false) Availability availability,
            @RequestParam(defaultValue = "false") boolean includeInactive) {
        return new AgentListResponse(agents.list(availability, includeInactive));
    }

    @GetMapping("/{agentId}")
    AgentResponse get(@PathVariable long agentId) {
        return agents.get(agentId);
    }

    @PatchMapping(path = "/{agentId}", consumes = {"application/merge-patch+json", "application/json"})
    AgentResponse update(@PathVariable long agentId, @Valid @RequestBody UpdateAgentRequest patch) {
        return agents.update(agentId, patch);
    }

    @PutMapping("/{agentId}/availability")
    @PreAuthorize("hasRole('ADMIN') or principal.isAgent(#agentId)")
    AgentResponse changeAvailability(@PathVariable long agentId, @Valid @RequestBody AvailabilityRequest request) {
        return agents.changeAvailability(agentId, request.availability());
    }
}
