package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.AgentDetailsChanged;
import io.helpdeskinbox.agent.AgentNotFoundException;
import io.helpdeskinbox.agent.AgentRepository;
import io.helpdeskinbox.agent.TeamChanged;
import io.helpdeskinbox.agent.TeamDeleting;
import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.infrastructure.UniqueConstraints;
import io.helpdeskinbox.security.CurrentCaller;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Teams and their members. A team's settings are null where it has none of its own: the engine
 * then uses the global ones. Deactivating an agent leaves its memberships in place, unlisted: an
 * inactive agent is nobody's member and receives nothing.
 */
@Service
class TeamService {

    private final TeamRepository teams;
    private final AgentRepository agents;
    private final ApplicationEventPublisher events;
    private final CurrentCaller caller;
    private final Clock clock;

    TeamService(TeamRepository teams, AgentRepository agents, ApplicationEventPublisher events, CurrentCaller caller,
            Clock clock) {
        this.teams = teams;
        this.agents = agents;
        this.events = events;
        this.caller = caller;
        this.clock = clock;
    }

    @Transactional
    TeamResponse create(CreateTeamRequest request) {
        requireNameFree(request.name(), -1);
        long id = guardingName(request.name(), () -> teams.insert(request, clock.instant()));
        events.publishEvent(new TeamChanged(id));
        return get(id);
    }

    @Transactional(readOnly = true)
    List<TeamResponse> list() {
        List<TeamRepository.TeamRow> rows = teams.findAll();
        Map<Long, List<TeamResponse.Member>> members = teams.activeMembers(
                rows.stream().map(TeamRepository.TeamRow::id).toList());
        return rows.stream().map(row -> response(row, members)).toList();
    }

    @Transactional(readOnly = true)
    TeamResponse get(long teamId) {
        TeamRepository.TeamRow row = teams.find(teamId).orElseThrow(() -> new TeamNotFoundException(teamId));
        return response(row, teams.activeMembers(List.of(teamId)));
    }

    @Transactional
    TeamResponse update(long teamId, UpdateTeamRequest patch) {
        TeamRepository.TeamRow changed = patch.applyTo(
                teams.lock(teamId).orElseThrow(() -> new TeamNotFoundException(teamId)));
        requireNameFree(changed.name(), teamId);
        guardingName(changed.name(), () -> {
            teams.update(changed, clock.instant());
            return teamId;
        });
        events.publishEvent(new TeamChanged(teamId));
        return get(teamId);
    }

    /**
     * Locks the team first, so no conversation joins it meanwhile (a conversation's team reference
     * takes a key-share lock on the team's row); its conversations then go to the global queue, each
     * with an event, in this transaction ({@link TeamDeleting}).
     */
    @Transactional
    @RetriedWhenAborted
    void delete(long teamId) {
        List<Long> members = teams.lockForDeletion(teamId).orElseThrow(() -> new TeamNotFoundException(teamId));
        events.publishEvent(new TeamDeleting(teamId, caller.actor(), clock.instant()));
        teams.delete(teamId);
        members.forEach(agentId -> events.publishEvent(new AgentDetailsChanged(agentId, false)));
    }

    /** An active agent joins the team; a member already stays one. */
    @Transactional
    void addMember(long teamId, long agentId) {
        teams.find(teamId).orElseThrow(() -> new TeamNotFoundException(teamId));
        Agent agent = agents.findById(agentId).orElseThrow(() -> new AgentNotFoundException(agentId));
        if (!agent.isActive() || !teams.addActiveMember(teamId, agentId, clock.instant())) {
            throw new AgentInactiveException(agentId); // or deactivated a moment ago
        }
        events.publishEvent(new AgentDetailsChanged(agentId, true)); // its teams: agent.updated, and maybe work
    }

    /** Whether it was a member or not, it is none now. */
    @Transactional
    void removeMember(long teamId, long agentId) {
        teams.find(teamId).orElseThrow(() -> new TeamNotFoundException(teamId));
        if (teams.removeMember(teamId, agentId)) {
            events.publishEvent(new AgentDetailsChanged(agentId, false));
        }
    }

    private static TeamResponse response(TeamRepository.TeamRow row, Map<Long, List<TeamResponse.Member>> members) {
        return new TeamResponse(row.id(), row.name(), row.description(), row.autoAssignment(), row.strategy(),
                row.defaultCapacity(), members.getOrDefault(row.id(), List.of()), row.createdAt(), row.updatedAt());
    }

    private void requireNameFree(String name, long exceptTeamId) {
        if (teams.isNameUsedByAnotherTeam(name, exceptTeamId)) {
            throw new TeamNameInUseException(name.strip());
        }
    }

    /** The unique index is the arbiter when two requests claim one name at the same instant. */
    private long guardingName(String name, Supplier<Long> write) {
        return UniqueConstraints.guard("team_name_unique", write, () -> new TeamNameInUseException(name.strip()));
    }
}
