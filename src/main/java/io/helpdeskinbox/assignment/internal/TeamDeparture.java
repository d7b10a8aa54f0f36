package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.agent.TeamDeleting;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationChanged;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationStatements;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.outbox.EventType;
import io.helpdeskinbox.outbox.TransitionRecords;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A deleted team's conversations go to the global queue: in the deleting transaction, one statement
 * takes them all out of the team (their folder and assignee stay), with a timeline entry and a
 * {@code conversation.routed} event each, reason TEAM_DELETED. Nothing is lost: a waiting one waits
 * on in the global queue, served by any agent. Each is announced once the deletion has committed, as
 * every one-statement change is.
 */
@Component
class TeamDeparture {

    /** What the deleting transaction changed, announced after its commit. */
    record ConversationsLeftTeam(List<ConversationChanged> changes) {
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher announcements;

    TeamDeparture(JdbcClient jdbc, ApplicationEventPublisher announcements) {
        this.jdbc = jdbc;
        this.announcements = announcements;
    }

    @EventListener
    void on(TeamDeleting deleting) {
        Cause cause = new Cause(EventReason.TEAM_DELETED, deleting.actor(), deleting.at());
        List<ConversationChanged> changes = jdbc.sql(LEAVE_TEAM)
                .param("teamId", deleting.teamId())
                .param("reason", cause.reason().name())
                .param("actor", cause.actor())
                .param("entryType", ConversationEventType.ROUTED.name())
                .param("eventType", EventType.CONVERSATION_ROUTED.wireName())
                .param("now", Timestamp.from(cause.at()))
                .param("at", cause.at().toString())
                .query((rs, row) -> ConversationChanged.of(ConversationEventType.ROUTED, rs.getLong("id"),
                        ConversationStatus.valueOf(rs.getString("status")), null, null, cause))
                .list();
        if (!changes.isEmpty()) {
            announcements.publishEvent(new ConversationsLeftTeam(changes));
        }
    }

    /** Outside any transaction, as a committed one-statement change is announced. */
    @TransactionalEventListener
    void on(ConversationsLeftTeam left) {
        left.changes().forEach(announcements::publishEvent);
    }

    private static final String LEAVE_TEAM = """
            with moved as (%s),
            changed as (
                select moved.id, row_number() over (order by moved.id) as step, moved.status as from_status,
                       moved.status, %s as row, cast(null as bigint) as entry_agent_id,
                       cast(null as bigint) as entry_previous_agent_id, cast('[]' as jsonb) as agents
                from moved),
            %s
            select id, status from changed order by step""".formatted(ConversationStatements.leavingTeam(),
            ConversationStatements.row("moved", "(select a.name from agent a where a.id = moved.assignee_id)"),
            TransitionRecords.recorded("changed"));
}
