package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.agent.AgentCounters;
import io.helpdeskinbox.agent.AgentDeactivated;
import io.helpdeskinbox.agent.AgentNotFoundException;
import io.helpdeskinbox.conversation.Cause;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.infrastructure.RetriedWhenAborted;
import io.helpdeskinbox.security.CurrentCaller;
import io.micrometer.core.annotation.Timed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An agent leaves: it becomes inactive (kept for history) and every conversation it holds goes
 * back to the queue, in one transaction. Its conversations are locked before the agent row (the
 * lock order of every transition). Once the agent row is locked no assignment to it can commit, so
 * its counter says how many conversations it holds: when that is more than were locked, some were
 * assigned to it in between, and they are looked up again and locked without waiting (a transition
 * holding one of them may be waiting for this agent's lock). A conversation that cannot be locked at
 * once aborts the departure, which is retried whole, its locks released meanwhile.
 */
@Service
public class AgentDepartures {

    private static final Logger log = LoggerFactory.getLogger(AgentDepartures.class);

    private final ConversationRepository conversations;
    private final AgentCounters counters;
    private final ApplicationEventPublisher events;
    private final CurrentCaller caller;
    private final Clock clock;

    AgentDepartures(ConversationRepository conversations, AgentCounters counters, ApplicationEventPublisher events,
            CurrentCaller caller, Clock clock) {
        this.conversations = conversations;
        this.counters = counters;
        this.events = events;
        this.caller = caller;
        this.clock = clock;
    }

    @Transactional
    @RetriedWhenAborted
    @Timed(value = ManualTransitions.TRANSITIONS, extraTags = {"action", "deactivate", "reason", "MANUAL"})
    public void deactivate(long agentId) {
        List<Conversation> held = conversations.findByAssigneeForUpdate(agentId, ConversationStatus.ASSIGNED);
        int firstLook = held.size();
        AgentCounters.LockedAgent agent = counters.lock(agentId).orElseThrow(() -> new AgentNotFoundException(agentId));
        if (!agent.active()) {
            return;
        }
        if (agent.activeConversations() != held.size()) {
            held = conversations.findByAssigneeForUpdateWithoutWaiting(agentId, ConversationStatus.ASSIGNED);
            if (agent.activeConversations() != held.size()) {
                // the update below fails the CHECK that an inactive agent holds nothing: say what was seen
                log.warn("Agent {} counts {} conversations under its lock but holds {} ({} at the first look)",
                        agentId, agent.activeConversations(), held.size(), firstLook);
            }
        }
        Instant now = clock.instant();
        Cause cause = new Cause(EventReason.AGENT_DEACTIVATED, caller.actor(), now);
        held.forEach(conversation -> conversation.unassign(cause));
        conversations.saveAll(held);
        counters.deactivate(agentId, held.size(), now);
        events.publishEvent(new AgentDeactivated(agentId, held.size()));
    }
}
