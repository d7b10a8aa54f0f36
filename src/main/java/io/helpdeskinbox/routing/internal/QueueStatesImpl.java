package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.CounterStatements;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine asks this after nearly every transition's commit, so it is a prepared statement and
 * a record: a repository query method builds a native query and a projection proxy on every call.
 */
class QueueStatesImpl implements QueueStates {

    private final JdbcClient jdbc;

    QueueStatesImpl(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public QueueState state() {
        return jdbc.sql(STATE)
                .query((rs, row) -> new QueueState(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)))
                .single();
    }

    /**
     * Loose where teams make it exact only per conversation: enabled when the global setting or any
     * team's is on; room when some candidate has room under its own capacity, the global default, or
     * the default of a team it is in. A round it lets start finds out exactly, in its claim.
     */
    private static final String STATE = """
            select s.auto_assignment or exists (select 1 from team t where t.auto_assignment),
                   exists (select 1 from conversation c where c.status = 'UNASSIGNED' and c.waiting_for_agent),
                   exists (select 1 from agent a where %s)
                   or exists (select 1 from team t join team_member m on m.team_id = t.id join agent a on a.id = m.agent_id
                              where t.default_capacity is not null and %s)
            from assignment_settings s where s.id = 1""".formatted(
            CounterStatements.mayReceiveAutomatically("a", "s.default_capacity", "s.presence"),
            CounterStatements.mayReceiveAutomatically("a", "t.default_capacity", "s.presence"));
}
