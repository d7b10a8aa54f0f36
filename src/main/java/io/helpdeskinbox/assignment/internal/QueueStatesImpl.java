package io.helpdeskinbox.assignment.internal;

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
        return jdbc.sql("""
                        select s.auto_assignment,
                               exists (select 1 from conversation c where c.status = 'UNASSIGNED' and c.waiting_for_agent),
                               exists (select 1 from agent a where a.active and a.availability = 'ONLINE'
                                       and (a.present or not s.presence)
                                       and (coalesce(a.capacity, s.default_capacity) is null
                                            or a.active_conversations < coalesce(a.capacity, s.default_capacity)))
                        from assignment_settings s where s.id = 1""")
                .query((rs, row) -> new QueueState(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)))
                .single();
    }
}
