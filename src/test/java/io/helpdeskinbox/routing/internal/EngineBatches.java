package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.agent.AssignmentStrategy;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.EventReason;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The engine's batch statement, for a test outside the engine's package that compares it with another path. */
public final class EngineBatches {

    private EngineBatches() {
    }

    /** The engine's decision to give the conversation to the agent, applied as a batch of one, in a transaction of its own. */
    public static ConversationResponse giveAsABatchOfOne(ApplicationContext instance, long conversationId, long agentId,
            EventReason reason, Instant at) {
        AutoAssignmentBatches batches = instance.getBean(AutoAssignmentBatches.class);
        BatchDecisions.Batch batch = new BatchDecisions.Batch(List.of(new BatchDecisions.Decision(
                new BatchDecisions.Waiting(conversationId, null, at, null, 2, Set.of(),
                        AssignmentStrategy.BALANCED, null), agentId, 0)), List.of());
        return new TransactionTemplate(instance.getBean(PlatformTransactionManager.class))
                .execute(status -> batches.apply(batch, reason, at).get(0));
    }
}
