package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.AgentService;
import io.helpdeskinbox.security.TokenService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One-time invitations through which an agent sets its password. The token (256 random bits) is
 * shown once, in the link; only its SHA-256 hash is kept, as for bearer tokens: a secret with this
 * much entropy needs no slow hash.
 */
@Service
public class Invitations {

    private static final String PREFIX = "ihbi_";
    private static final Pattern FORMAT = Pattern.compile("ihbi_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordStore store;
    private final AgentService agents;
    private final TokenService tokens;
    private final PasswordEncoder encoder;
    private final SignInProperties properties;
    private final TransactionOperations transaction;

    Invitations(PasswordStore store, AgentService agents, TokenService tokens, PasswordEncoder encoder,
            SignInProperties properties, TransactionOperations transaction) {
        this.store = store;
        this.agents = agents;
        this.tokens = tokens;
        this.encoder = encoder;
        this.properties = properties;
        this.transaction = transaction;
    }

    /** An invitation made: its link's token (shown once) and when it stops working. */
    public record Invitation(String token, Instant expiresAt) {
    }

    /** A new invitation for an active agent (404, 409 otherwise); an earlier open one stops working. */
    public Invitation invite(long agentId) {
        Agent agent = agents.active(agentId);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = transaction.execute(status -> store.invite(agent.getId(), sha256(token),
                properties.invitationValidity()));
        return new Invitation(token, expiresAt);
    }

    /**
     * Sets the invited agent's password and uses the invitation up. Every session the agent had ends:
     * an invitation is also how an admin resets a password someone else may know.
     *
     * @return the agent's id; empty when the link is unknown, used, replaced or expired, or its agent left
     */
    Optional<Long> accept(String token, String password) {
        PasswordPolicy.requireAcceptable("password", password);
        String hash = encoder.encode(password);
        if (!FORMAT.matcher(token).matches()) {
            return Optional.empty();
        }
        return transaction.execute(status -> {
            Optional<Long> agentId = store.useInvitation(sha256(token));
            agentId.ifPresent(id -> {
                store.setHash(id, hash);
                tokens.revokeSessions(id, null);
            });
            return agentId;
        });
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
