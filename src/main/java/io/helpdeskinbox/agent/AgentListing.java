package io.helpdeskinbox.agent;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Agents straight into their responses, with their teams, in one statement: the list is read far
 * more often than anything else about agents (every console on every agent event), and managed
 * entities (a snapshot each, for dirty checking nobody needs) cost more than the query. An agent's
 * teams are two scalar arrays over the membership index, not a join, so the list stays one row per
 * agent.
 */
@Repository
class AgentListing {

    private final JdbcClient jdbc;

    AgentListing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<AgentResponse> list(Availability availability, boolean includeInactive) {
        return jdbc.sql(AGENTS + """
                        where (cast(:availability as text) is null or a.availability = :availability)
                          and (:includeInactive or a.active)
                        order by a.id""")
                .param("availability", availability == null ? null : availability.name())
                .param("includeInactive", includeInactive)
                .query(AgentListing::agent).list();
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
                   array(select t.id from team_member m join team t on t.id = m.team_id where m.agent_id = a.id
                         order by lower(t.name), t.id) as team_ids,
                   array(select t.name from team_member m join team t on t.id = m.team_id where m.agent_id = a.id
                         order by lower(t.name), t.id) as team_names
            from agent a
            """;

    private static AgentResponse agent(ResultSet rs, int row) throws SQLException {
        Long[] teamIds = (Long[]) rs.getArray("team_ids").getArray();
        String[] teamNames = (String[]) rs.getArray("team_names").getArray();
        List<TeamSummary> teams = new ArrayList<>(teamIds.length);
        for (int i = 0; i < teamIds.length; i++) {
            teams.add(new TeamSummary(teamIds[i], teamNames[i]));
        }
        return new AgentResponse(rs.getLong("id"), rs.getString("name"), rs.getString("email"),
                Availability.valueOf(rs.getString("availability")), (Integer) rs.getObject("capacity"),
                rs.getInt("active_conversations"), rs.getBoolean("active"), rs.getBoolean("present"),
                instant(rs, "last_seen_at"), instant(rs, "created_at"), strings(rs.getArray("skills")), teams);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
