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

    private static final String STATE = """
            select s.auto_assignment,
                   exists (select 1 from conversation c where c.status = 'UNASSIGNED' and c.waiting_for_agent),
                   exists (select 1 from agent a where %s)
            from assignment_settings s where s.id = 1""".formatted(
            CounterStatements.mayReceiveAutomatically("a", "s.default_capacity", "s.presence"));
}
