package io.helpdeskinbox.conversation;

import io.helpdeskinbox.agent.Teams;
import io.helpdeskinbox.conversation.internal.IdempotencyKey;
import io.helpdeskinbox.conversation.internal.IdempotencyKeyRepository;
import io.helpdeskinbox.conversation.internal.IdempotencyKeyReusedException;
import io.helpdeskinbox.security.CurrentCaller;
import io.micrometer.core.annotation.Timed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * New conversations, from a bot, a web widget or a partner's system. A retry with the same
 * {@code Idempotency-Key} and body returns the first creation; the key belongs to its caller.
 */
@Service
public class ConversationIntake {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final IdempotencyKeyRepository idempotencyKeys;
    private final Teams teams;
    private final CurrentCaller caller;
    private final Clock clock;

    ConversationIntake(ConversationRepository conversations, MessageRepository messages,
            IdempotencyKeyRepository idempotencyKeys, Teams teams, CurrentCaller caller, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.idempotencyKeys = idempotencyKeys;
        this.teams = teams;
        this.caller = caller;
        this.clock = clock;
    }

    @Transactional
    @Timed(value = "inbox.transitions", extraTags = {"action", "create", "reason", "MANUAL"})
    public CreatedConversation create(CreateConversationRequest request, String idempotencyKey) {
        Instant now = clock.instant();
        String keyOwner = caller.actor();
        if (idempotencyKey != null && idempotencyKeys.claim(keyOwner, idempotencyKey, fingerprint(request), now) == 0) {
            return replay(keyOwner, idempotencyKey, request);
        }
        Routing routing = new Routing(request.teamId() == null ? null : teams.existing(request.teamId()),
                request.priority(), request.requiredSkills());
        Conversation conversation = Conversation.start(request.toVisitor(), request.channel(), request.subject(),
                routing, request.isWaitingForAgent(), request.message() != null, Cause.manual(keyOwner, now));
        conversations.save(conversation);
        if (request.message() != null) {
            messages.save(new Message(conversation.getId(), MessageAuthor.VISITOR, null, request.message(), now));
        }
        if (idempotencyKey != null) {
            idempotencyKeys.attach(keyOwner, idempotencyKey, conversation.getId());
        }
        return new CreatedConversation(ConversationResponse.of(conversation), false);
    }

    private CreatedConversation replay(String keyOwner, String idempotencyKey, CreateConversationRequest request) {
        IdempotencyKey used = idempotencyKeys.find(keyOwner, idempotencyKey).orElseThrow();
        if (!used.getRequestFingerprint().equals(fingerprint(request))) {
            throw new IdempotencyKeyReusedException();
        }
        Conversation conversation = conversations.findById(used.getConversationId()).orElseThrow();
        return new CreatedConversation(ConversationResponse.of(conversation), true);
    }

    /** The request's own fields, each named: a key reused with another body is told apart from a retry. */
    private static String fingerprint(CreateConversationRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(request.canonicalForm().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
