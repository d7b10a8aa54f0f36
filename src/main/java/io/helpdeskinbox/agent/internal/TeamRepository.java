package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Teams and their members, in plain SQL: the tables are small and their reads are joins. */
@Repository
class TeamRepository {

    /** A team as stored. */
    record TeamRow(long id, String name, String description, Boolean autoAssignment, AssignmentStrategy strategy,
            Integer defaultCapacity, Instant createdAt, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    TeamRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(CreateTeamRequest team, Instant now) {
        return jdbc.sql("""
                        insert into team (name, description, auto_assignment, strategy, default_capacity, created_at,
                                          updated_at)
                        values (:name, :description, :autoAssignment, :strategy, :defaultCapacity, :now, :now)
                        returning id""")
                .param("name", team.name().strip()).param("description", team.description())
                .param("autoAssignment", team.autoAssignment())
                .param("strategy", team.strategy() == null ? null : team.strategy().name())
                .param("defaultCapacity", team.defaultCapacity()).param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    Optional<TeamRow> find(long teamId) {
        return jdbc.sql(TEAM + " where id = :id").param("id", teamId).query(TeamRepository::team).optional();
    }

    /** Locked until the transaction ends: a patch reads and writes the row as one change. */
    Optional<TeamRow> lock(long teamId) {
        return jdbc.sql(TEAM + " where id = :id for no key update").param("id", teamId)
                .query(TeamRepository::team).optional();
    }

    List<TeamRow> findAll() {
        return jdbc.sql(TEAM + " order by lower(name), id").query(TeamRepository::team).list();
    }

    boolean isNameUsedByAnotherTeam(String name, long exceptTeamId) {
        return jdbc.sql("select exists (select 1 from team where lower(name) = lower(:name) and id <> :except)")
                .param("name", name.strip()).param("except", exceptTeamId).query(Boolean.class).single();
    }

    void update(TeamRow team, Instant now) {
        jdbc.sql("""
                        update team set name = :name, description = :description, auto_assignment = :autoAssignment,
                                        strategy = :strategy, default_capacity = :defaultCapacity, updated_at = :now
                        where id = :id""")
                .param("id", team.id()).param("name", team.name()).param("description", team.description())
                .param("autoAssignment", team.autoAssignment())
                .param("strategy", team.strategy() == null ? null : team.strategy().name())
                .param("defaultCapacity", team.defaultCapacity()).param("now", Timestamp.from(now))
                .update();
    }

    /**
     * Locks the team for its deletion (no conversation can join it until the transaction ends).
     *
     * @return its members (active or not), or empty when it does not exist
     */
    Optional<List<Long>> lockForDeletion(long teamId) {
        List<Long> locked = jdbc.sql("select id from team where id = :id for update").param("id", teamId)
                .query(Long.class).list();
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("select agent_id from team_member where team_id = :id order by agent_id")
                .param("id", teamId).query(Long.class).list());
    }

    /** With its memberships; its conversations must have left it first. */
    void delete(long teamId) {
        jdbc.sql("delete from team where id = :id").param("id", teamId).update();
    }

    /** The active members of each of these teams, by agent id. */
    Map<Long, List<TeamResponse.Member>> activeMembers(Collection<Long> teamIds) {
        Map<Long, List<TeamResponse.Member>> members = new HashMap<>();
        if (teamIds.isEmpty()) {
            return members;
        }
        jdbc.sql("""
                        select m.team_id, a.id, a.name from team_member m join agent a on a.id = m.agent_id and a.active
                        where m.team_id in (:teamIds) order by m.team_id, a.id""")
                .param("teamIds", teamIds)
                .query((rs, row) -> members.computeIfAbsent(rs.getLong("team_id"), team -> new ArrayList<>())
                        .add(new TeamResponse.Member(rs.getLong("id"), rs.getString("name"))))
                .list();
        return members;
    }

    /**
     * Makes an active agent a member of an existing team; nothing when it is one already.
     *
     * @return whether the team and the active agent both exist (a member already, or from now on)
     */
    boolean addActiveMember(long teamId, long agentId, Instant now) {
        return jdbc.sql("""
                        with added as (
                            insert into team_member (team_id, agent_id, added_at)
                            select t.id, a.id, :now from team t, agent a where t.id = :team and a.id = :agent and a.active
                            on conflict do nothing
                            returning 1)
                        select exists (select 1 from added)
                            or exists (select 1 from team_member where team_id = :team and agent_id = :agent)""")
                .param("team", teamId).param("agent", agentId).param("now", Timestamp.from(now))
                .query(Boolean.class).single();
    }

    /** @return whether it was a member */
    boolean removeMember(long teamId, long agentId) {
        return jdbc.sql("delete from team_member where team_id = :team and agent_id = :agent")
                .param("team", teamId).param("agent", agentId).update() == 1;
    }

    private static final String TEAM = """
            select id, name, description, auto_assignment, strategy, default_capacity, created_at, updated_at from team""";

    private static TeamRow team(ResultSet rs, int row) throws SQLException {
        String strategy = rs.getString("strategy");
        return new TeamRow(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                (Boolean) rs.getObject("auto_assignment"), strategy == null ? null : AssignmentStrategy.valueOf(strategy),
                (Integer) rs.getObject("default_capacity"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
