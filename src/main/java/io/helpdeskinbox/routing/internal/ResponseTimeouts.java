package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AgentCounters;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.EventReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The response timeout ({@code responseTimeout} in the settings): a conversation the engine gave
 * whose visitor has waited longer than that for the assignee's answer goes back to the queue,
 * reason {@code RESPONSE_TIMEOUT}, released by that agent so it is not handed straight back to
 * them; the engine then serves it like any waiting conversation. A conversation assigned or
 * transferred by hand is never taken back.
 *
 * <p>Any number of instances check at once: each locks the conversations it returns with
 * {@code skip locked}, and the lock re-checks that the visitor still waits, so a conversation
 * answered or moved meanwhile stays, and none is returned twice.
 */
@Component
class ResponseTimeouts {

    private static final Logger log = LoggerFactory.getLogger(ResponseTimeouts.class);
    private static final int BATCH = 100;

    private final AssignmentSettingsRepository settings;
    private final ConversationRepository conversations;
    private final AgentCounters counters;
    private final Counter returnedToQueue;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final RetryTemplate retry = BackgroundTransactions.retryingTransientFailures();

    ResponseTimeouts(AssignmentSettingsRepository settings, ConversationRepository conversations,
            AgentCounters counters, MeterRegistry meters, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.settings = settings;
        this.conversations = conversations;
        this.counters = counters;
        this.returnedToQueue = Counter.builder("inbox.response.timeouts")
                .description("Conversations the engine gave that went back to the queue unanswered").register(meters);
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactionManager);
    }

    /** One check, every {@link AssignmentProperties#responseTimeoutCheck()} ({@link AssignmentDuties}). */
    void check() {
        try {
            Duration timeout = settings.current().getResponseTimeout();
            if (timeout == null) {
                return;
            }
            Integer returned;
            do {
                returned = retry.execute(() -> ownTransaction.execute(status -> returnUnanswered(timeout)));
            } while (returned != null && returned == BATCH);
        } catch (RetryException | RuntimeException e) {
            log.warn("Could not return unanswered conversations to the queue; the next check will", e);
        }
    }

    /**
     * One batch, one transaction: the conversations first (locked), then their agents' counters in
     * ascending id order, the lock order of every transition.
     *
     * @return how many went back to the queue
     */
    private int returnUnanswered(Duration timeout) {
        Instant now = clock.instant();
        List<Conversation> due = conversations.lockUnansweredSince(now.minus(timeout), BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        Map<Long, Integer> releasedByAgent = new TreeMap<>();
        for (Conversation conversation : due) {
            Long agentId = conversation.getAssigneeId();
            if (conversation.unassign(Cause.engine(EventReason.RESPONSE_TIMEOUT, now))) {
                conversations.save(conversation);
                releasedByAgent.merge(agentId, 1, Integer::sum);
            }
        }
        releasedByAgent.forEach(counters::decrement);
        int returned = releasedByAgent.values().stream().mapToInt(Integer::intValue).sum();
        BackgroundTransactions.afterCommit(() -> returnedToQueue.increment(returned));
        return due.size();
    }
}
