package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.assignment.AssignmentService;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationTransitionCommitted;
import io.helpdeskinbox.security.CurrentCaller;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.micrometer.core.annotation.Timed;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The actions that move a conversation between folders by hand. Assign, transfer, unassign and
 * archive first try their one statement ({@link OneStatementTransitions}): it commits only where
 * the transition certainly applies, and then it is announced, committed, for the relay and the
 * engine. Anything else (a no-op, a conflict, a failed {@code If-Match}, an unknown or inactive
 * agent, a missing conversation) goes to the entity ({@link LockedTransitions}), which decides it
 * as it always has, in its own transaction. Reopen and handoff always go there: a reopen may be
 * handed straight back by the reopen policy, and both are rare.
 *
 * <p>A transaction PostgreSQL aborts to break a deadlock is retried whole
 * ({@link RetriedWhenAborted}, outside the transaction).
 */
@Service
@RetriedWhenAborted
class ManualTransitions implements AssignmentService {

    /** Timer of every transition the API asks for, tagged by action and reason. */
    static final String TRANSITIONS = "inbox.transitions";

    private final OneStatementTransitions oneStatement;
    private final LockedTransitions locked;
    private final ApplicationEventPublisher announcements;
    private final CurrentCaller caller;
    private final Clock clock;

    ManualTransitions(OneStatementTransitions oneStatement, LockedTransitions locked,
            ApplicationEventPublisher announcements, CurrentCaller caller, Clock clock) {
        this.oneStatement = oneStatement;
        this.locked = locked;
        this.announcements = announcements;
        this.caller = caller;
        this.clock = clock;
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "assign", "reason", "MANUAL"})
    @Override
    public ConversationResponse assign(long conversationId, long agentId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(ConversationEventType.ASSIGNED,
                () -> oneStatement.assign(conversationId, agentId, expected, cause),
                () -> locked.assign(conversationId, agentId, expected, cause));
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "transfer", "reason", "MANUAL"})
    @Override
    public ConversationResponse transfer(long conversationId, long agentId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(ConversationEventType.TRANSFERRED,
                () -> oneStatement.transfer(conversationId, agentId, expected, cause),
                () -> locked.transfer(conversationId, agentId, expected, cause));
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "unassign", "reason", "MANUAL"})
    @Override
    public ConversationResponse unassign(long conversationId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(ConversationEventType.UNASSIGNED,
                () -> oneStatement.unassign(conversationId, expected, cause),
                () -> locked.unassign(conversationId, expected, cause));
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "archive", "reason", "MANUAL"})
    @Override
    public ConversationResponse archive(long conversationId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(ConversationEventType.ARCHIVED,
                () -> oneStatement.archive(conversationId, expected, cause),
                () -> locked.archive(conversationId, expected, cause));
    }

    /** Open again, in the queue, then straight back to the agent who handled it when the reopen policy says so. */
    @Timed(value = TRANSITIONS, extraTags = {"action", "reopen", "reason", "MANUAL"})
    @Override
    public ConversationResponse reopen(long conversationId, ExpectedVersion expected) {
        Cause cause = cause();
        return locked.reopen(conversationId, expected, cause);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "handoff", "reason", "MANUAL"})
    @Override
    public ConversationResponse requestHandoff(long conversationId, ExpectedVersion expected) {
        Cause cause = cause();
        return locked.requestHandoff(conversationId, expected, cause);
    }

    /**
     * Inside a caller's transaction the statement would not commit by itself, so the entity takes
     * the action there, and its listeners join that transaction.
     */
    private ConversationResponse inOneStatement(ConversationEventType change,
            Supplier<Optional<ConversationResponse>> statement, Supplier<ConversationResponse> byEntity) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return byEntity.get();
        }
        Optional<ConversationResponse> committed = statement.get();
        if (committed.isEmpty()) {
            return byEntity.get();
        }
        announcements.publishEvent(new ConversationTransitionCommitted(committed.get(), change));
        return committed.get();
    }

    private Cause cause() {
        return Cause.manual(caller.actor(), clock.instant());
    }
}
