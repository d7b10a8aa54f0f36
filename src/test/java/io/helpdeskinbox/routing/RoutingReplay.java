package io.helpdeskinbox.routing;

import io.helpdeskinbox.support.SseClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The routing rules as the test states them, checked against the stream: every committed change
 * replayed in stream order (commit order) into a model of the inbox, each automatic assignment
 * checked against the model as it stood just before it. The model knows what the stream says
 * (conversations as each change left them, agents' availability and presence) and what the test set
 * up and kept still (teams, memberships, skills, capacities); counters it keeps itself, one change at
 * a time, so the assignments of one engine commit are each seen after the previous.
 */
final class RoutingReplay {

    /** A team as set up: its own strategy, default capacity and auto-assignment (null: the global one). */
    record Team(String strategy, Integer defaultCapacity, Boolean autoAssignment) {
    }

    /** An agent as set up. */
    record Agent(long id, Set<String> skills, Set<Long> teams, Integer capacity) {
    }

    /** The global settings as set up. */
    record Settings(String strategy, Integer defaultCapacity, boolean presence) {
    }

    /** A conversation as the stream last showed it. */
    private record Conversation(long id, String status, Long assignee, Long team, int rank, Set<String> skills,
            boolean waiting, Long releasedBy) {
    }

    private final Settings settings;
    private final Map<Long, Team> teams;
    private final Map<Long, Agent> agents;
    private final Map<Long, Conversation> conversations = new HashMap<>();
    private final Map<Long, Integer> counters = new HashMap<>();
    private final Set<Long> online = new HashSet<>();
    private final Set<Long> present = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private int automaticAssignments;

    RoutingReplay(Settings settings, Map<Long, Team> teams, Map<Long, Agent> agents) {
        this.settings = settings;
        this.teams = teams;
        this.agents = agents;
    }

    /**
     * Replays {@code events} (the stream's, in order). Every assignment is automatic here (the test
     * assigns nothing by hand): its agent must have been eligible; with {@code queueStill} (nothing
     * arrived or changed meanwhile but the engine's own work) also no higher priority waited that
     * the agent could take, and BALANCED chose the least busy of those who could take it.
     */
    void replay(List<SseClient.Event> events, boolean queueStill) {
        for (SseClient.Event event : events) {
            JsonNode data = event.data();
            if (data == null || event.isCounted()) {
                continue;
            }
            JsonNode changedAgents = data.get("agents");
            (changedAgents == null ? List.<JsonNode>of() : changedAgents.valueStream().toList()).forEach(agent -> {
                long id = agent.get("id").asLong();
                mark(online, id, "ONLINE".equals(agent.get("availability").asString()));
                mark(present, id, agent.get("present").asBoolean());
            });
            JsonNode changed = data.get("conversation");
            if (changed == null || changed.isNull()) {
                continue;
            }
            Conversation before = conversations.get(changed.get("id").asLong());
            Conversation after = conversation(changed, before);
            if ("conversation.assigned".equals(event.name())) {
                check(before, after.assignee(), queueStill, event.id());
            }
            move(before, after);
            conversations.put(after.id(), after);
        }
    }

    List<String> violations() {
        return violations;
    }

    int automaticAssignments() {
        return automaticAssignments;
    }

    private void check(Conversation conversation, long agent, boolean queueStill, String position) {
        automaticAssignments++;
        if (!mayTake(agent, conversation)) {
            violations.add("at " + position + ": conversation " + conversation + " went to agent " + agent
                    + ", who could not take it (" + describe(agent) + ")");
            return;
        }
        if (!queueStill) {
            return;
        }
        for (Conversation other : conversations.values()) {
            if (other.rank() < conversation.rank() && isQueued(other) && mayTake(agent, other)) {
                violations.add("at " + position + ": agent " + agent + " took " + conversation + " while " + other
                        + ", of a higher priority, waited for it");
            }
        }
        if ("BALANCED".equals(strategyOf(conversation))) {
            for (Agent other : agents.values()) {
                if (mayTake(other.id(), conversation) && counter(other.id()) < counter(agent)) {
                    violations.add("at " + position + ": BALANCED gave " + conversation + " to agent " + agent + " ("
                            + counter(agent) + " active) while agent " + other.id() + " (" + counter(other.id())
                            + ") could take it");
                }
            }
        }
    }

    /** Waiting in the queue, for the engine: Unassigned, waiting for an agent, and auto-assignment on for it. */
    boolean isQueued(Conversation conversation) {
        if (!"UNASSIGNED".equals(conversation.status()) || !conversation.waiting()) {
            return false;
        }
        Team team = conversation.team() == null ? null : teams.get(conversation.team());
        return team == null || team.autoAssignment() == null || team.autoAssignment();
    }

    /**
     * The rule of API-planned.md: active, ONLINE, present when presence counts, below its capacity
     * (its own, else its team's default, else the global one), a member of the conversation's team,
     * holding every required skill; and not the agent who released it.
     */
    boolean mayTake(long agentId, Conversation conversation) {
        Agent agent = agents.get(agentId);
        Team team = conversation.team() == null ? null : teams.get(conversation.team());
        Integer capacity = agent.capacity() != null ? agent.capacity()
                : team != null && team.defaultCapacity() != null ? team.defaultCapacity() : settings.defaultCapacity();
        return online.contains(agentId) && (!settings.presence() || present.contains(agentId))
                && (capacity == null || counter(agentId) < capacity)
                && (conversation.team() == null || agent.teams().contains(conversation.team()))
                && agent.skills().containsAll(conversation.skills())
                && (conversation.releasedBy() == null || conversation.releasedBy() != agentId);
    }

    /** The conversations the model holds that wait with an agent who may take them: none once the engine settled. */
    List<String> waitingWithAnAgentWhoMayTakeThem() {
        List<String> unserved = new ArrayList<>();
        for (Conversation conversation : conversations.values()) {
            if (isQueued(conversation)) {
                agents.keySet().stream().filter(agent -> mayTake(agent, conversation)).findFirst()
                        .ifPresent(agent -> unserved.add(conversation + " waits while agent " + agent + " ("
                                + describe(agent) + ") could take it"));
            }
        }
        return unserved;
    }

    private String strategyOf(Conversation conversation) {
        Team team = conversation.team() == null ? null : teams.get(conversation.team());
        return team != null && team.strategy() != null ? team.strategy() : settings.strategy();
    }

    private String describe(long agentId) {
        return agents.get(agentId) + ", online " + online.contains(agentId) + ", present " + present.contains(agentId)
                + ", holding " + counter(agentId);
    }

    private int counter(long agentId) {
        return counters.getOrDefault(agentId, 0);
    }

    /** The counters, as the change from {@code before} to {@code after} moves them. */
    private void move(Conversation before, Conversation after) {
        if (before != null && "ASSIGNED".equals(before.status())) {
            counters.merge(before.assignee(), -1, Integer::sum);
        }
        if ("ASSIGNED".equals(after.status())) {
            counters.merge(after.assignee(), 1, Integer::sum);
        }
    }

    /**
     * The conversation as the event's payload shows it. Who released it the API does not show: an
     * assigned conversation that goes back to a queue was released by its agent (the engine does not
     * give it straight back); an assignment forgets it.
     */
    private static Conversation conversation(JsonNode row, Conversation before) {
        String status = row.get("status").asString();
        Long assignee = row.get("assignee").isNull() ? null : row.get("assignee").get("id").asLong();
        Long team = row.get("team").isNull() ? null : row.get("team").get("id").asLong();
        Set<String> skills = new HashSet<>();
        row.get("requiredSkills").forEach(skill -> skills.add(skill.asString()));
        Long releasedBy = before == null ? null : before.releasedBy();
        if ("UNASSIGNED".equals(status) && before != null && "ASSIGNED".equals(before.status())) {
            releasedBy = before.assignee();
        } else if (!"UNASSIGNED".equals(status)) {
            releasedBy = null;
        }
        int rank = List.of("URGENT", "HIGH", "NORMAL", "LOW").indexOf(row.get("priority").asString());
        return new Conversation(row.get("id").asLong(), status, "UNASSIGNED".equals(status) ? null : assignee, team,
                rank, Set.copyOf(skills), row.get("waitingForAgent").asBoolean(), releasedBy);
    }

    private static void mark(Set<Long> set, long id, boolean member) {
        if (member) {
            set.add(id);
        } else {
            set.remove(id);
        }
    }
}
