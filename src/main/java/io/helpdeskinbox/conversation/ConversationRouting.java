package io.helpdeskinbox.conversation;

import io.helpdeskinbox.agent.Teams;
import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.security.CurrentCaller;
import io.micrometer.core.annotation.Timed;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Routing a conversation by hand: its team, priority and required skills, as a merge-patch, honouring
 * {@code If-Match}. The change is announced ({@link ConversationRouted}): the outbox records it, and
 * the engine looks at the queue once it has committed. Its folder and assignee stay.
 */
@Service
public class ConversationRouting {

    private final ConversationRepository conversations;
    private final Teams teams;
    private final CurrentCaller caller;
    private final Clock clock;

    ConversationRouting(ConversationRepository conversations, Teams teams, CurrentCaller caller, Clock clock) {
        this.conversations = conversations;
        this.teams = teams;
        this.caller = caller;
        this.clock = clock;
    }

    @Transactional
    @RetriedWhenAborted
    @Timed(value = "inbox.transitions", extraTags = {"action", "route", "reason", "MANUAL"})
    public ConversationResponse route(long conversationId, RouteConversationRequest patch, ExpectedVersion expected) {
        Conversation conversation = conversations.lockById(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        expected.check(conversation.getVersion());
        Routing routing = patch.applyTo(conversation.routing(), teams::existing);
        if (conversation.routeTo(routing, Cause.manual(caller.actor(), clock.instant()))) {
            conversations.saveAndFlush(conversation);
        }
        return ConversationResponse.of(conversation);
    }
}
