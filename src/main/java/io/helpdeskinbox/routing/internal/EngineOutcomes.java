package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.ConversationAssigned;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.EventReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What the engine's rounds tell of what they did, once a batch has committed (a batch rolled back
 * and retried assigned nothing): the waits' metrics, and each assignment announced as the entity
 * announces one ({@code ConversationChanged}); the batch's statement recorded it already.
 */
@Component
class EngineOutcomes {

    private final ApplicationEventPublisher events;
    private final AssignmentWaits waits;

    EngineOutcomes(ApplicationEventPublisher events, AssignmentWaits waits) {
        this.events = events;
        this.waits = waits;
    }

    /** A committed batch's assignments, decided at {@code now}, and the conversations as it left them. */
    void assigned(List<BatchDecisions.Decision> decisions, List<ConversationResponse> conversations, Instant now) {
        for (BatchDecisions.Decision decision : decisions) {
            waits.assigned(EventReason.AUTO, Duration.between(decision.conversation().waitingSince(), now));
        }
        Cause cause = Cause.engine(EventReason.AUTO, now);
        conversations.forEach(conversation -> events.publishEvent(
                new ConversationAssigned(conversation.id(), conversation.assignee().id(), cause)));
    }

    /** Someone waits while nobody has room. */
    void noAgentAvailable() {
        waits.noAgentAvailable();
    }
}
