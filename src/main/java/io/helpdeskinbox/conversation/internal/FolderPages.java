package io.helpdeskinbox.conversation.internal;

import static io.helpdeskinbox.infrastructure.ResultSetValues.instant;

import io.helpdeskinbox.agent.TeamSummary;
import io.helpdeskinbox.conversation.ConversationResponse.AssigneeResponse;
import io.helpdeskinbox.conversation.ConversationResponse.VisitorResponse;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.Priority;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A folder's page, read straight into its items in one statement on an autocommit connection: the
 * most read thing in the inbox (every console refresh, every partner's poll). Through managed
 * entities it cost a transaction, a second round trip for the assignees and an entity with a
 * snapshot per row; here the assignee's name comes with the row.
 *
 * <p>The assignee's name is a scalar sub-select, not a join: for a join, the prepared statement's
 * generic plan (the page size is a parameter) hashed the whole agent table on every page.
 */
@Repository
class FolderPages {

    private final JdbcClient jdbc;

    FolderPages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One row more than {@code limit} when there is a next page. */
    List<ConversationResponse> read(Folder folder, Long assigneeId, TeamFilter team, Boolean waitingForAgent,
            int limit, Instant afterTime, Long afterId) {
        StringBuilder sql = new StringBuilder("""
                select c.id, c.status, c.visitor_name, c.visitor_email, c.visitor_external_id, c.channel, c.subject,
                       c.waiting_for_agent, c.assignee_id,
                       (select a.name from agent a where a.id = c.assignee_id) as assignee_name,
                       c.waiting_since, c.last_message_at, c.assigned_at, c.archived_at, c.created_at, c.updated_at,
                       c.version, c.team_id, (select t.name from team t where t.id = c.team_id) as team_name,
                       c.priority, c.required_skills
                from conversation c
                where true""");
        if (folder.status() != null) {
            // a constant, not a parameter: the Unassigned page's index is partial (status = 'UNASSIGNED'),
            // and a generic plan with the status as a parameter could not use it
            sql.append(" and c.status = '").append(folder.status().name()).append("'");
        }
        if (assigneeId != null) {
            sql.append(" and c.assignee_id = :assigneeId");
        }
        if (team != null) {
            sql.append(" and ").append(team.condition());
        }
        if (waitingForAgent != null) {
            sql.append(" and c.waiting_for_agent = :waitingForAgent");
        }
        if (afterId != null) {
            sql.append(" and ").append(folder.after());
        }
        sql.append(" order by ").append(folder.orderBy()).append(" limit :rows");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("rows", limit + 1);
        if (assigneeId != null) {
            statement = statement.param("assigneeId", assigneeId);
        }
        if (team != null) {
            statement = team.bind(statement);
        }
        if (waitingForAgent != null) {
            statement = statement.param("waitingForAgent", waitingForAgent);
        }
        if (afterId != null) {
            statement = statement.param("afterTime", Timestamp.from(afterTime)).param("afterId", afterId);
        }
        return statement.query(FolderPages::item).list();
    }

    /**
     * The conversations of one assignee, one team or both, by status: counted from the assignee's or
     * the team's index, exact at the statement's snapshot (the whole inbox's totals come from the
     * outbox instead: no count over every row).
     */
    Map<ConversationStatus, Long> countByStatus(Long assigneeId, TeamFilter team) {
        StringBuilder sql = new StringBuilder("select c.status, count(*) as n from conversation c where true");
        if (assigneeId != null) {
            sql.append(" and c.assignee_id = :assigneeId");
        }
        if (team != null) {
            sql.append(" and ").append(team.condition());
        }
        JdbcClient.StatementSpec statement = jdbc.sql(sql.append(" group by c.status").toString());
        if (assigneeId != null) {
            statement = statement.param("assigneeId", assigneeId);
        }
        if (team != null) {
            statement = team.bind(statement);
        }
        Map<ConversationStatus, Long> counts = new EnumMap<>(ConversationStatus.class);
        statement.query(rs -> {
            counts.put(ConversationStatus.valueOf(rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }

    private static ConversationResponse item(ResultSet row, int number) throws SQLException {
        long assigneeId = row.getLong("assignee_id");
        AssigneeResponse assignee = row.wasNull() ? null : new AssigneeResponse(assigneeId, row.getString("assignee_name"));
        return new ConversationResponse(row.getLong("id"), ConversationStatus.valueOf(row.getString("status")),
                new VisitorResponse(row.getString("visitor_name"), row.getString("visitor_email"),
                        row.getString("visitor_external_id")),
                row.getString("channel"), row.getString("subject"), row.getBoolean("waiting_for_agent"), assignee,
                instant(row, "waiting_since"), instant(row, "last_message_at"), instant(row, "assigned_at"),
                instant(row, "archived_at"), instant(row, "created_at"), instant(row, "updated_at"),
                row.getLong("version"), team(row), Priority.valueOf(row.getString("priority")),
                List.of((String[]) row.getArray("required_skills").getArray()));
    }

    private static TeamSummary team(ResultSet row) throws SQLException {
        long teamId = row.getLong("team_id");
        return row.wasNull() ? null : new TeamSummary(teamId, row.getString("team_name"));
    }
}
