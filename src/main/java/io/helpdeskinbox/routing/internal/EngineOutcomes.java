package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationTransitionCommitted;
import io.helpdeskinbox.conversation.EventReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What the engine's rounds tell of what they did, once it holds: the waits' metrics after a batch's
 * commit (a batch rolled back and retried assigned nothing), and each assignment announced as
 * committed, for what follows a commit (the relay wakes).
 */
@Component
class EngineOutcomes {

    private final ApplicationEventPublisher events;
    private final AssignmentWaits waits;

    EngineOutcomes(ApplicationEventPublisher events, AssignmentWaits waits) {
        this.events = events;
        this.waits = waits;
    }

    /** The batch's assignments, decided at {@code now}, and the conversations as the batch left them. */
    void assigned(List<BatchDecisions.Decision> decisions, List<ConversationResponse> conversations, Instant now) {
        BackgroundTransactions.afterCommit(() -> {
            for (BatchDecisions.Decision decision : decisions) {
                waits.assigned(EventReason.AUTO, Duration.between(decision.conversation().waitingSince(), now));
            }
            conversations.forEach(conversation -> events.publishEvent(
                    new ConversationTransitionCommitted(conversation, ConversationEventType.ASSIGNED)));
        });
    }

    /** Someone waits while nobody has room, as a plain read outside any batch found. */
    void noAgentAvailable() {
        waits.noAgentAvailable();
    }

    /** The same, found by a batch: told once the batch commits. */
    void noAgentAvailableOnceCommitted() {
        BackgroundTransactions.afterCommit(waits::noAgentAvailable);
    }
}
