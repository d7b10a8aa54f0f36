package io.helpdeskinbox.agent;

import io.helpdeskinbox.events.Outbox;
import io.helpdeskinbox.security.TokenService;
import java.time.Clock;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The agent directory: creating, reading and editing agents. Anything that moves conversations
 * or counters (availability, deactivation) belongs to the assignment service.
 */
@Service
public class AgentService {

    private final AgentRepository agents;
    private final TokenService tokens;
    private final Outbox outbox;
    private final Clock clock;

    AgentService(AgentRepository agents, TokenService tokens, Outbox outbox, Clock clock) {
        this.agents = agents;
        this.tokens = tokens;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The agent and its first token, in one transaction: no agent exists that cannot sign in. */
    @Transactional
    public NewAgentResponse create(CreateAgentRequest request) {
        requireEmailFree(request.email(), -1);
        Agent agent = new Agent(request.name().strip(), request.email().strip(), request.capacity(), clock.instant());
        saveGuardingEmail(agent, request.email());
        outbox.agentUpdated(agent.getId());
        return new NewAgentResponse(AgentResponse.of(agent), tokens.issueAgentToken(agent.getId(), agent.getName()));
    }

    /** A fresh token for an active agent; its earlier token stops working. */
    @Transactional
    public AgentTokenResponse reissueToken(long agentId) {
        Agent agent = find(agentId);
        if (!agent.isActive()) {
            throw new AgentInactiveException(agentId);
        }
        return new AgentTokenResponse(agentId, tokens.issueAgentToken(agentId, agent.getName()));
    }

    @Transactional(readOnly = true)
    public List<AgentResponse> list(Availability availability, boolean includeInactive) {
        return agents.findForListing(availability, includeInactive).stream().map(AgentResponse::of).toList();
    }

    @Transactional(readOnly = true)
    public AgentResponse get(long agentId) {
        return AgentResponse.of(find(agentId));
    }

    @Transactional
    public AgentResponse update(long agentId, UpdateAgentRequest patch) {
        Agent agent = find(agentId);
        if (!agent.isActive()) {
            throw new AgentInactiveException(agentId);
        }
        if (patch.newEmail() != null) {
            requireEmailFree(patch.newEmail(), agentId);
        }
        patch.applyTo(agent, clock.instant());
        saveGuardingEmail(agent, agent.getEmail());
        return AgentResponse.of(agent);
    }

    private Agent find(long agentId) {
        return agents.findById(agentId).orElseThrow(() -> new AgentNotFoundException(agentId));
    }

    private void requireEmailFree(String email, long exceptAgentId) {
        if (agents.isEmailUsedByAnotherActiveAgent(email.strip(), exceptAgentId)) {
            throw new EmailInUseException(email.strip());
        }
    }

    /** The unique index is the arbiter when two requests claim one address at the same instant. */
    private void saveGuardingEmail(Agent agent, String email) {
        try {
            agents.saveAndFlush(agent);
        } catch (DataIntegrityViolationException e) {
            if (String.valueOf(e.getMostSpecificCause().getMessage()).contains("agent_email_unique_among_active")) {
                throw new EmailInUseException(email.strip());
            }
            throw e;
        }
    }
}
