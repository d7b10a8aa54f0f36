package io.helpdeskinbox.consistency;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.conversation.FolderTotals;
import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes every agent counter and folder count straight from the conversation rows, and
 * compares them with what the API serves. All queries run in one REPEATABLE READ transaction, so
 * they see one committed instant and a transition committing meanwhile cannot show up as false
 * drift.
 */
@Service
class ConsistencyCheck {

    private final JdbcClient jdbc;
    private final FolderTotals totals;
    private final Clock clock;

    ConsistencyCheck(JdbcClient jdbc, FolderTotals totals, Clock clock) {
        this.jdbc = jdbc;
        this.totals = totals;
        this.clock = clock;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ConsistencyReport run() {
        List<ConsistencyReport.CounterDrift> drift = jdbc.sql("""
                        select a.id, a.active_conversations, count(c.id) as assigned
                        from agent a
                        left join conversation c on c.assignee_id = a.id and c.status = 'ASSIGNED'
                        group by a.id
                        having a.active_conversations <> count(c.id)
                        order by a.id""")
                .query((rs, row) -> new ConsistencyReport.CounterDrift(rs.getLong(1), rs.getInt(2), rs.getLong(3)))
                .list();
        int agentsChecked = jdbc.sql("select count(*) from agent").query(Integer.class).single();
        long sumOfCounters = jdbc.sql("select coalesce(sum(active_conversations), 0) from agent").query(Long.class).single();
        FolderCountsResponse folders = jdbc.sql("""
                        select count(*) filter (where status = 'UNASSIGNED'),
                               count(*) filter (where status = 'ASSIGNED'),
                               count(*) filter (where status = 'ARCHIVED'),
                               count(*)
                        from conversation""")
                .query((rs, row) -> new FolderCountsResponse(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
        long heldByInactive = jdbc.sql("""
                        select count(*) from conversation c join agent a on a.id = c.assignee_id
                        where c.status = 'ASSIGNED' and not a.active""")
                .query(Long.class).single();
        FolderCountsResponse stored = totals.now();
        boolean consistent = drift.isEmpty() && sumOfCounters == folders.assigned() && heldByInactive == 0
                && stored.equals(folders);
        return new ConsistencyReport(consistent, clock.instant(), agentsChecked, drift, folders, stored, sumOfCounters,
                heldByInactive);
    }
}
