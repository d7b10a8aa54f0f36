package io.helpdeskinbox.assignment;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/v1/agents/{id}}: the agent is kept for history, its conversations go back to the queue. */
@RestController
class AgentDepartureController {

    private final AgentDepartures departures;

    AgentDepartureController(AgentDepartures departures) {
        this.departures = departures;
    }

    @DeleteMapping("/api/v1/agents/{agentId}")
    ResponseEntity<Void> deactivate(@PathVariable long agentId) {
        departures.deactivate(agentId);
        return ResponseEntity.noContent().build();
    }
}
