package io.helpdeskinbox.agent;

import static io.helpdeskinbox.infrastructure.ResultSetValues.instant;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Agents straight into their responses, with their teams: the list is read far more often than
 * anything else about agents (every console on every agent event), and managed entities (a snapshot
 * each, for dirty checking nobody needs) cost more than the query. Each agent's team ids come with
 * its row (an index-only range of the membership index), the teams' names from a second, tiny
 * statement, and they meet here: joining the names and sorting them in SQL, per agent, cost the list
 * five to thirteen times its old time over 200 agents in 20 teams (pgbench, BENCHMARKS.md), this
 * about twice.
 */
@Repository
class AgentListing {

    private final JdbcClient jdbc;

    AgentListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<AgentResponse> list(Availability availability, boolean includeInactive) {
        Map<Long, String> teamNames = new HashMap<>();
        jdbc.sql("select id, name from team").query(rs -> {
            teamNames.put(rs.getLong("id"), rs.getString("name"));
        });
        return jdbc.sql(AGENTS + """
                        where (cast(:availability as text) is null or a.availability = :availability)
                          and (:includeInactive or a.active)
                        order by a.id""")
                .param("availability", availability == null ? null : availability.name())
                .param("includeInactive", includeInactive)
                .query((rs, row) -> agent(rs, teamNames)).list();
    }

    /** The teams of one agent, by name. */
    List<TeamSummary> teamsOf(long agentId) {
        return jdbc.sql("""
                        select t.id, t.name from team_member m join team t on t.id = m.team_id
                        where m.agent_id = :agentId order by lower(t.name), t.id""")
                .param("agentId", agentId)
                .query((rs, row) -> new TeamSummary(rs.getLong("id"), rs.getString("name"))).list();
    }

    private static final String AGENTS = """
            select a.id, a.name, a.email, a.availability, a.capacity, a.active_conversations, a.active, a.present,
                   a.last_seen_at, a.created_at, a.skills,
                   array(select m.team_id from team_member m where m.agent_id = a.id) as team_ids
            from agent a
            """;

    /** Teams by name, as {@link #teamsOf} orders them; a team deleted between the two reads is left out. */
    private static final Comparator<TeamSummary> BY_NAME = Comparator
            .comparing((TeamSummary team) -> team.name().toLowerCase(Locale.ROOT)).thenComparingLong(TeamSummary::id);

    private static AgentResponse agent(ResultSet rs, Map<Long, String> teamNames) throws SQLException {
        List<TeamSummary> teams = new ArrayList<>();
        for (Long teamId : (Long[]) rs.getArray("team_ids").getArray()) {
            String name = teamNames.get(teamId);
            if (name != null) {
                teams.add(new TeamSummary(teamId, name));
            }
        }
        teams.sort(BY_NAME);
        return new AgentResponse(rs.getLong("id"), rs.getString("name"), rs.getString("email"),
                Availability.valueOf(rs.getString("availability")), (Integer) rs.getObject("capacity"),
                rs.getInt("active_conversations"), rs.getBoolean("active"), rs.getBoolean("present"),
                instant(rs, "last_seen_at"), instant(rs, "created_at"), strings(rs.getArray("skills")), teams);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
