package io.helpdeskinbox.agent;

import io.helpdeskinbox.agent.internal.AgentInactiveException;
import io.helpdeskinbox.agent.internal.AgentTokenResponse;
import io.helpdeskinbox.agent.internal.EmailInUseException;
import io.helpdeskinbox.infrastructure.CoalescedReads;
import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.infrastructure.UniqueConstraints;
import io.helpdeskinbox.security.TokenService;
import io.micrometer.core.annotation.Timed;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The agent directory: creating, reading and editing agents, and their availability. Each change
 * is announced ({@link AgentChanged}) in its transaction; deactivation, which moves conversations,
 * belongs to the assignment module. An agent's row is also written by every transition that moves
 * its counter, so a change of it may be the transaction PostgreSQL aborts to break a deadlock: that
 * one is retried whole, as the transitions are.
 */
@Service
public class AgentService {

    private final AgentRepository agents;
    private final AgentListing listing;
    private final AgentCounters counters;
    private final TokenService tokens;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final CoalescedReads<Listing, List<AgentResponse>> listings;

    /** Every parameter of the agent list's query. */
    private record Listing(Availability availability, boolean includeInactive) {
    }

    AgentService(AgentRepository agents, AgentListing listing, AgentCounters counters, TokenService tokens,
            ApplicationEventPublisher events, Clock clock) {
        this.agents = agents;
        this.listing = listing;
        this.counters = counters;
        this.tokens = tokens;
        this.events = events;
        this.clock = clock;
        // one statement on an autocommit connection: a read-only transaction around it would only add its
        // BEGIN and COMMIT
        this.listings = new CoalescedReads<>(query -> List.copyOf(
                listing.list(query.availability(), query.includeInactive())));
    }

    /** The agent and its first token, in one transaction: no agent exists that cannot sign in. */
    @Transactional
    public NewAgentResponse create(CreateAgentRequest request) {
        requireEmailFree(request.email(), -1);
        Agent agent = new Agent(request.name().strip(), request.email().strip(), request.capacity(), clock.instant());
        saveGuardingEmail(agent, request.email());
        events.publishEvent(new AgentJoined(agent.getId()));
        return new NewAgentResponse(AgentResponse.of(agent, List.of()),
                tokens.issueAgentToken(agent.getId(), agent.getName()));
    }

    /** A fresh token for an active agent; its earlier token stops working. */
    @Transactional
    public AgentTokenResponse reissueToken(long agentId) {
        Agent agent = active(agentId);
        return new AgentTokenResponse(agentId, tokens.issueAgentToken(agentId, agent.getName()));
    }

    public List<AgentResponse> list(Availability availability, boolean includeInactive) {
        return listings.read(new Listing(availability, includeInactive));
    }

    @Transactional(readOnly = true)
    public AgentResponse get(long agentId) {
        return response(find(agentId));
    }

    @Transactional
    @RetriedWhenAborted
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
        events.publishEvent(new AgentDetailsChanged(agentId, patch.mayGiveWork()));
        return response(agent);
    }

    /** ONLINE, BUSY or OFFLINE; going ONLINE lets the engine give the agent waiting conversations. */
    @Transactional
    @RetriedWhenAborted
    @Timed(value = "inbox.transitions", extraTags = {"action", "availability", "reason", "MANUAL"})
    public AgentResponse changeAvailability(long agentId, Availability availability) {
        if (counters.changeAvailability(agentId, availability.name(), clock.instant()) == 0) {
            throw agents.existsById(agentId) ? new AgentInactiveException(agentId) : new AgentNotFoundException(agentId);
        }
        events.publishEvent(new AgentAvailabilityChanged(agentId, availability));
        return response(find(agentId));
    }

    private AgentResponse response(Agent agent) {
        return AgentResponse.of(agent, listing.teamsOf(agent.getId()));
    }

    /** An active agent, for what only an active agent may receive (a token, an invitation): 404, 409 otherwise. */
    public Agent active(long agentId) {
        Agent agent = find(agentId);
        if (!agent.isActive()) {
            throw new AgentInactiveException(agentId);
        }
        return agent;
    }

    /** The active agent with this email (emails are unique among active agents, whatever their case). */
    public Optional<Agent> activeByEmail(String email) {
        return agents.findActiveByEmail(email.strip());
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
        UniqueConstraints.guard("agent_email_unique_among_active", () -> agents.saveAndFlush(agent),
                () -> new EmailInUseException(email.strip()));
    }
}
