package io.helpdeskinbox.assignment;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.AgentCounters;
import io.helpdeskinbox.agent.AgentInactiveException;
import io.helpdeskinbox.agent.AgentNotFoundException;
import io.helpdeskinbox.agent.AgentRepository;
import io.helpdeskinbox.agent.AgentService;
import io.helpdeskinbox.agent.Availability;
import io.helpdeskinbox.agent.UnknownAgentException;
import io.helpdeskinbox.agent.UpdateAgentRequest;
import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.ConversationNotFoundException;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.CreateConversationRequest;
import io.helpdeskinbox.conversation.CreatedConversation;
import io.helpdeskinbox.conversation.EventReason;
import io.helpdeskinbox.conversation.IdempotencyKey;
import io.helpdeskinbox.conversation.IdempotencyKeyRepository;
import io.helpdeskinbox.conversation.IdempotencyKeyReusedException;
import io.helpdeskinbox.conversation.Message;
import io.helpdeskinbox.conversation.MessageAuthor;
import io.helpdeskinbox.conversation.MessageRepository;
import io.helpdeskinbox.conversation.MessageResponse;
import io.helpdeskinbox.events.Outbox;
import io.helpdeskinbox.security.CurrentCaller;
import io.helpdeskinbox.web.VersionPrecondition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import io.micrometer.core.annotation.Timed;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only writer of conversations and agent counters. Every method is one database transaction
 * that locks what it changes, applies the transition, moves counters with atomic increments and
 * records the timeline event, so the invariant "counter == assigned rows" holds at every commit,
 * whatever the number of app instances.
 *
 * <p>Lock order, to keep deadlocks rare: a conversation row first, then agent rows in ascending
 * id order. Deactivation, which starts from an agent, locks that agent's conversations first for
 * the same reason. PostgreSQL still breaks the rare deadlock by aborting one transaction; that
 * one is retried whole ({@link Retryable} runs outside the transaction).
 */
@Service
@Transactional
@Retryable(includes = TransientDataAccessException.class, maxRetries = 4, delay = 20, jitter = 10, multiplier = 2)
public class AssignmentService {

    /** Timer of every transition the API asks for, tagged by action and reason. */
    static final String TRANSITIONS = "inbox.transitions";

    private final ConversationRepository conversations;
    private final AgentRepository agents;
    private final AgentCounters counters;
    private final Timeline timeline;
    private final Outbox outbox;
    private final MessageRepository messages;
    private final IdempotencyKeyRepository idempotencyKeys;
    private final AutoAssigner autoAssigner;
    private final AssignmentSettingsRepository settingsRepository;
    private final AgentService agentDirectory;
    private final CurrentCaller caller;
    private final Clock clock;

    AssignmentService(ConversationRepository conversations, AgentRepository agents, AgentCounters counters,
            Timeline timeline, Outbox outbox, MessageRepository messages, IdempotencyKeyRepository idempotencyKeys,
            AutoAssigner autoAssigner, AssignmentSettingsRepository settingsRepository, AgentService agentDirectory,
            CurrentCaller caller, Clock clock) {
        this.conversations = conversations;
        this.agents = agents;
        this.counters = counters;
        this.timeline = timeline;
        this.outbox = outbox;
        this.messages = messages;
        this.idempotencyKeys = idempotencyKeys;
        this.autoAssigner = autoAssigner;
        this.settingsRepository = settingsRepository;
        this.agentDirectory = agentDirectory;
        this.caller = caller;
        this.clock = clock;
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "create", "reason", "MANUAL"})
    public CreatedConversation create(CreateConversationRequest request, String idempotencyKey) {
        Instant now = clock.instant();
        String keyOwner = caller.actor();
        if (idempotencyKey != null && idempotencyKeys.claim(keyOwner, idempotencyKey, fingerprint(request), now) == 0) {
            return replay(keyOwner, idempotencyKey, request);
        }
        Conversation conversation = new Conversation(request.toVisitor(), request.channel(), request.subject(),
                request.isWaitingForAgent(), now);
        if (request.message() != null) {
            conversation.recordMessage(now);
        }
        conversations.save(conversation);
        record(conversation, ConversationEventType.CREATED, null, null, EventReason.MANUAL, now);
        if (request.message() != null) {
            messages.save(new Message(conversation.getId(), MessageAuthor.VISITOR, null, request.message(), now));
        }
        if (idempotencyKey != null) {
            idempotencyKeys.attach(keyOwner, idempotencyKey, conversation.getId());
        }
        if (conversation.isWaitingForAgent()) {
            autoAssigner.drainAfterCommit();
        }
        return new CreatedConversation(respond(conversation), false);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "assign", "reason", "MANUAL"})
    public ConversationResponse assign(long conversationId, long agentId, VersionPrecondition precondition) {
        Conversation conversation = lock(conversationId, precondition);
        Agent agent = activeAgent(agentId);
        Instant now = clock.instant();
        if (conversation.assignTo(agent, now)) {
            take(agentId, now);
            record(conversation, ConversationEventType.ASSIGNED, agentId, null, EventReason.MANUAL, now);
        }
        return respond(conversation);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "transfer", "reason", "MANUAL"})
    public ConversationResponse transfer(long conversationId, long agentId, VersionPrecondition precondition) {
        Conversation conversation = lock(conversationId, precondition);
        Agent agent = activeAgent(agentId);
        Long previousAgentId = conversation.getAssigneeId();
        Instant now = clock.instant();
        if (conversation.transferTo(agent, now)) {
            moveCounter(previousAgentId, agentId, now);
            record(conversation, ConversationEventType.TRANSFERRED, agentId, previousAgentId, EventReason.MANUAL, now);
            autoAssigner.drainAfterCommit(); // the previous agent has room again
        }
        return respond(conversation);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "unassign", "reason", "MANUAL"})
    public ConversationResponse unassign(long conversationId, VersionPrecondition precondition) {
        Conversation conversation = lock(conversationId, precondition);
        Long previousAgentId = conversation.getAssigneeId();
        Instant now = clock.instant();
        if (conversation.unassign(now)) {
            counters.decrement(previousAgentId, 1);
            record(conversation, ConversationEventType.UNASSIGNED, null, previousAgentId, EventReason.MANUAL, now);
            autoAssigner.drainAfterCommit();
        }
        return respond(conversation);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "archive", "reason", "MANUAL"})
    public ConversationResponse archive(long conversationId, VersionPrecondition precondition) {
        Conversation conversation = lock(conversationId, precondition);
        boolean wasAssigned = conversation.getStatus() == ConversationStatus.ASSIGNED;
        Instant now = clock.instant();
        if (conversation.archive(now)) {
            if (wasAssigned) {
                counters.decrement(conversation.getAssigneeId(), 1);
            }
            record(conversation, ConversationEventType.ARCHIVED, conversation.getAssigneeId(), null,
                    EventReason.MANUAL, now);
            if (wasAssigned) {
                autoAssigner.drainAfterCommit(); // its agent has room again
            }
        }
        return respond(conversation);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "reopen", "reason", "MANUAL"})
    public ConversationResponse reopen(long conversationId, VersionPrecondition precondition) {
        Conversation conversation = lock(conversationId, precondition);
        Instant now = clock.instant();
        if (conversation.reopen(now)) {
            record(conversation, ConversationEventType.REOPENED, null, conversation.getPreviousAssigneeId(),
                    EventReason.MANUAL, now);
            autoAssigner.assignReopened(conversation);
        }
        return respond(conversation);
    }

    @Timed(value = TRANSITIONS, extraTags = {"action", "handoff", "reason", "MANUAL"})
    public ConversationResponse requestHandoff(long conversationId, VersionPrecondition precondition) {
        Conversation conversation = lock(conversationId, precondition);
        Instant now = clock.instant();
        if (conversation.requestHandoff(now)) {
            record(conversation, ConversationEventType.HANDOFF_REQUESTED, null, null, EventReason.MANUAL, now);
            autoAssigner.drainAfterCommit();
        }
        return respond(conversation);
    }

    /** A VISITOR message reopens an archived conversation; an AGENT message must come from the assignee. */
    @Timed(value = TRANSITIONS, extraTags = {"action", "message", "reason", "MANUAL"})
    public MessageResponse postMessage(long conversationId, MessageAuthor author, Long agentId, String text) {
        Conversation conversation = lock(conversationId, VersionPrecondition.NONE);
        Instant now = clock.instant();
        if (author == MessageAuthor.AGENT) {
            activeAgent(agentId);
            conversation.requireWritableBy(agentId);
        }
        if (author == MessageAuthor.VISITOR && conversation.reopen(now)) {
            record(conversation, ConversationEventType.REOPENED, null, conversation.getPreviousAssigneeId(),
                    EventReason.VISITOR_MESSAGE, now);
            autoAssigner.assignReopened(conversation);
        }
        Message message = messages.save(new Message(conversationId, author, agentId, text, now));
        conversation.recordMessage(now);
        MessageResponse created = MessageResponse.of(message);
        outbox.messageCreated(conversation, created);
        return created;
    }

    /** Going ONLINE pulls waiting conversations right after the commit, up to the agent's capacity. */
    @Timed(value = TRANSITIONS, extraTags = {"action", "availability", "reason", "MANUAL"})
    public void changeAvailability(long agentId, Availability availability) {
        if (counters.changeAvailability(agentId, availability.name(), clock.instant()) == 0) {
            throw agents.existsById(agentId) ? new AgentInactiveException(agentId) : new AgentNotFoundException(agentId);
        }
        outbox.agentUpdated(agentId);
        if (availability == Availability.ONLINE) {
            autoAssigner.drainAfterCommit();
        }
    }

    /** An agent's details; a changed capacity may let it take waiting conversations at once. */
    public void updateAgent(long agentId, UpdateAgentRequest patch) {
        agentDirectory.update(agentId, patch);
        outbox.agentUpdated(agentId);
        if (patch.changesCapacity()) {
            autoAssigner.drainAfterCommit();
        }
    }

    @Transactional(readOnly = true)
    public AssignmentSettingsResponse settings() {
        return AssignmentSettingsResponse.of(settingsRepository.current());
    }

    /** New settings apply from the next decision on; enabling the engine or adding room serves the queue right after. */
    public AssignmentSettingsResponse replaceSettings(AssignmentSettingsRequest request) {
        AssignmentSettings settings = settingsRepository.currentForUpdate();
        settings.replaceWith(request, clock.instant());
        autoAssigner.drainAfterCommit();
        return AssignmentSettingsResponse.of(settings);
    }

    /**
     * The agent becomes inactive and every conversation it holds goes back to the queue, all in
     * this transaction. Its conversations are locked before the agent row (the lock order of every
     * other transition), then looked up again once the agent row is locked: no assignment to it can
     * commit after that, so the second look sees every conversation it holds.
     */
    @Timed(value = TRANSITIONS, extraTags = {"action", "deactivate", "reason", "MANUAL"})
    public void deactivateAgent(long agentId) {
        conversations.findByAssigneeForUpdate(agentId, ConversationStatus.ASSIGNED);
        Boolean active = counters.lockAndReadActive(agentId);
        if (active == null) {
            throw new AgentNotFoundException(agentId);
        }
        if (!active) {
            return;
        }
        Instant now = clock.instant();
        List<Conversation> held = conversations.findByAssigneeForUpdate(agentId, ConversationStatus.ASSIGNED);
        for (Conversation conversation : held) {
            conversation.unassign(now);
            record(conversation, ConversationEventType.UNASSIGNED, null, agentId, EventReason.AGENT_DEACTIVATED, now);
        }
        counters.deactivate(agentId, held.size(), now);
        outbox.agentUpdated(agentId);
        if (!held.isEmpty()) {
            autoAssigner.drainAfterCommit();
        }
    }

    private Conversation lock(long conversationId, VersionPrecondition precondition) {
        Conversation conversation = conversations.lockById(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
        precondition.check(conversation.getVersion());
        return conversation;
    }

    /** By primary key, through the entity loader; whether it is still active when counted, the increment decides. */
    private Agent activeAgent(long agentId) {
        return agents.findById(agentId).filter(Agent::isActive).orElseThrow(() -> new UnknownAgentException(agentId));
    }

    /** The agent may have been deactivated since it was read: the conditional increment is the arbiter. */
    private void take(long agentId, Instant now) {
        if (counters.incrementIfActive(agentId, now) == 0) {
            throw new UnknownAgentException(agentId);
        }
    }

    /** The receiving agent may have been deactivated since it was read: the conditional move is the arbiter. */
    private void moveCounter(long fromAgentId, long toAgentId, Instant now) {
        if (counters.move(fromAgentId, toAgentId, now) != 2) {
            throw new UnknownAgentException(toAgentId);
        }
    }

    private void record(Conversation conversation, ConversationEventType type, Long agentId, Long previousAgentId,
            EventReason reason, Instant now) {
        timeline.record(conversation, type, agentId, previousAgentId, reason, caller.actor(), now);
    }

    /** A change recorded is flushed (the event shows its version), so this is the version the commit holds. */
    private ConversationResponse respond(Conversation conversation) {
        return ConversationResponse.of(conversation);
    }

    private CreatedConversation replay(String keyOwner, String idempotencyKey, CreateConversationRequest request) {
        IdempotencyKey used = idempotencyKeys.find(keyOwner, idempotencyKey).orElseThrow();
        if (!used.getRequestFingerprint().equals(fingerprint(request))) {
            throw new IdempotencyKeyReusedException();
        }
        Conversation conversation = conversations.findById(used.getConversationId()).orElseThrow();
        return new CreatedConversation(ConversationResponse.of(conversation), true);
    }

    private static String fingerprint(CreateConversationRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
