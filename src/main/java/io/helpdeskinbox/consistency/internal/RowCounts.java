package io.helpdeskinbox.consistency.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the rows say, counted straight from them: no counter, no stored total. */
@Repository
class RowCounts {

    private final JdbcClient jdbc;

    RowCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every agent whose counter is not the number of ASSIGNED conversations it holds. */
    List<ConsistencyReport.CounterDrift> counterDrift() {
        return jdbc.sql("""
                        select a.id, a.active_conversations, count(c.id) as assigned
                        from agent a
                        left join conversation c on c.assignee_id = a.id and c.status = 'ASSIGNED'
                        group by a.id
                        having a.active_conversations <> count(c.id)
                        order by a.id""")
                .query((rs, row) -> new ConsistencyReport.CounterDrift(rs.getLong(1), rs.getInt(2), rs.getLong(3)))
                .list();
    }

    int agents() {
        return jdbc.sql("select count(*) from agent").query(Integer.class).single();
    }

    long sumOfAgentCounters() {
        return jdbc.sql("select coalesce(sum(active_conversations), 0) from agent").query(Long.class).single();
    }

    FolderCountsResponse folders() {
        return jdbc.sql("""
                        select count(*) filter (where status = 'UNASSIGNED'),
                               count(*) filter (where status = 'ASSIGNED'),
                               count(*) filter (where status = 'ARCHIVED')
                        from conversation""")
                .query((rs, row) -> FolderCountsResponse.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    /** Per team (null: no team), with its name, counted from the rows; every team listed, empty ones too. */
    List<ConsistencyReport.TeamCounts> teams() {
        return jdbc.sql("""
                        select t.id, t.name,
                               count(c.id) filter (where c.status = 'UNASSIGNED'),
                               count(c.id) filter (where c.status = 'ASSIGNED'),
                               count(c.id) filter (where c.status = 'ARCHIVED')
                        from (select id, name from team union all select null, null) t
                        left join conversation c on c.team_id is not distinct from t.id
                        group by t.id, t.name
                        order by t.id nulls first""")
                .query((rs, row) -> new ConsistencyReport.TeamCounts((Long) rs.getObject(1), rs.getString(2),
                        FolderCountsResponse.of(rs.getLong(3), rs.getLong(4), rs.getLong(5)), null))
                .list();
    }

    long assignedToInactiveAgents() {
        return jdbc.sql("""
                        select count(*) from conversation c join agent a on a.id = c.assignee_id
                        where c.status = 'ASSIGNED' and not a.active""")
                .query(Long.class).single();
    }
}
