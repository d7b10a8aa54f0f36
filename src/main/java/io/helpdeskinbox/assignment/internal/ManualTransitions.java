package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.assignment.AssignmentService;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.security.CurrentCaller;
import io.micrometer.core.annotation.Timed;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The actions that move a conversation between folders by hand. Assign, transfer, unassign and
 * archive first try their one statement ({@link OneStatementTransitions}): it commits only where
 * the transition certainly applies, and then it announces it, committed, as the entity would. Anything else (a no-op, a conflict, a failed {@code If-Match}, an unknown or inactive
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
    private final CurrentCaller caller;
    private final Clock clock;

    ManualTransitions(OneStatementTransitions oneStatement, LockedTransitions locked,
            CurrentCaller caller, Clock clock) {
        this.oneStatement = oneStatement;
        this.locked = locked;
        this.caller = caller;
        this.clock = clock;
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "assign", "reason", "MANUAL"})
    @Override
    public ConversationResponse assign(long conversationId, long agentId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(() -> oneStatement.assign(conversationId, agentId, expected, cause),
                () -> locked.assign(conversationId, agentId, expected, cause));
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "transfer", "reason", "MANUAL"})
    @Override
    public ConversationResponse transfer(long conversationId, long agentId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(() -> oneStatement.transfer(conversationId, agentId, expected, cause),
                () -> locked.transfer(conversationId, agentId, expected, cause));
    }

    /** Rare, and it changes the team: always through the entity. */
    @Timed(value = TRANSITIONS, extraTags = {"action", "transfer", "reason", "TRANSFERRED_TO_TEAM"})
    @Override
    public ConversationResponse transferToTeam(long conversationId, long teamId, ExpectedVersion expected) {
        Cause cause = new Cause(EventReason.TRANSFERRED_TO_TEAM, caller.actor(), clock.instant());
        return locked.transferToTeam(conversationId, teamId, expected, cause);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "unassign", "reason", "MANUAL"})
    @Override
    public ConversationResponse unassign(long conversationId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(() -> oneStatement.unassign(conversationId, expected, cause),
                () -> locked.unassign(conversationId, expected, cause));
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "archive", "reason", "MANUAL"})
    @Override
    public ConversationResponse archive(long conversationId, ExpectedVersion expected) {
        Cause cause = cause();
        return inOneStatement(() -> oneStatement.archive(conversationId, expected, cause),
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
    private ConversationResponse inOneStatement(Supplier<Optional<ConversationResponse>> statement,
            Supplier<ConversationResponse> byEntity) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return byEntity.get();
        }
        return statement.get().orElseGet(byEntity);
    }

    private Cause cause() {
        return Cause.manual(caller.actor(), clock.instant());
    }
}
