package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.AgentRepository;
import io.helpdeskinbox.agent.UnknownAgentException;
import io.helpdeskinbox.assignment.ConversationMessages;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationNotFoundException;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.conversation.Message;
import io.helpdeskinbox.conversation.MessageAuthor;
import io.helpdeskinbox.conversation.MessageRepository;
import io.helpdeskinbox.conversation.MessageResponse;
import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.routing.ReopenHandBack;
import io.helpdeskinbox.security.CurrentCaller;
import io.micrometer.core.annotation.Timed;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages written in a conversation. A visitor writing in an archived conversation reopens it,
 * under the reopen policy; an agent writes only in a conversation it holds.
 */
@Service
class MessagePosting implements ConversationMessages {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final AgentRepository agents;
    private final ReopenHandBack reopenHandBack;
    private final CurrentCaller caller;
    private final Clock clock;

    MessagePosting(ConversationRepository conversations, MessageRepository messages, AgentRepository agents,
            ReopenHandBack reopenHandBack, CurrentCaller caller, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.agents = agents;
        this.reopenHandBack = reopenHandBack;
        this.caller = caller;
        this.clock = clock;
    }

    @Override
    @Transactional
    @RetriedWhenAborted
    @Timed(value = ManualTransitions.TRANSITIONS, extraTags = {"action", "message", "reason", "MANUAL"})
    public MessageResponse post(long conversationId, MessageAuthor author, Long agentId, String text) {
        Conversation conversation = conversations.lockById(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        Instant now = clock.instant();
        if (author == MessageAuthor.AGENT) {
            agents.findById(agentId).filter(Agent::isActive).orElseThrow(() -> new UnknownAgentException(agentId));
            conversation.requireWritableBy(agentId);
        }
        if (author == MessageAuthor.VISITOR
                && conversation.reopen(new Cause(EventReason.VISITOR_MESSAGE, caller.actor(), now))) {
            conversations.save(conversation);
            reopenHandBack.giveBack(conversation);
        }
        MessageResponse message = MessageResponse.of(messages.save(new Message(conversationId, author, agentId, text, now)));
        conversation.receive(message);
        conversations.save(conversation);
        return message;
    }
}
