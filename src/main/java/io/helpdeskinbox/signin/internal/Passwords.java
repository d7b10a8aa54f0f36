package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.agent.AgentService;
import io.helpdeskinbox.security.SignInAttempts;
import io.helpdeskinbox.security.TokenService;
import io.helpdeskinbox.web.FieldRejectedException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Agents' passwords: checked at sign-in and changed by their owner (set through an invitation:
 * {@link Invitations}).
 *
 * <p>The slow hash is checked outside any transaction: a sign-in holds no connection while bcrypt
 * works. An unknown email is checked against a hash too, so that a wrong email and a wrong password
 * take about as long, as well as getting the same answer.
 */
@Service
class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordStore store;
    private final AgentService agents;
    private final TokenService tokens;
    private final SignInAttempts attempts;
    private final PasswordEncoder encoder;
    private final TransactionOperations transaction;
    /** What an unknown email's password is checked against: a hash of nothing anyone knows. */
    private final String unknownEmailHash;

    Passwords(PasswordStore store, AgentService agents, TokenService tokens, SignInAttempts attempts,
            PasswordEncoder encoder, TransactionOperations transaction) {
        this.store = store;
        this.agents = agents;
        this.tokens = tokens;
        this.attempts = attempts;
        this.encoder = encoder;
        this.transaction = transaction;
        byte[] nothing = new byte[32];
        RANDOM.nextBytes(nothing);
        this.unknownEmailHash = encoder.encode(HexFormat.of().formatHex(nothing));
    }

    /**
     * The active agent with this email and password.
     *
     * @throws BadCredentialsException for an unknown email, an agent without a password and a wrong
     *     password alike (401, one answer)
     * @throws org.springframework.web.ErrorResponseException 429 when the account's failed sign-ins are spent
     */
    Agent signIn(String email, String password) {
        attempts.check(email);
        Optional<Agent> agent = agents.activeByEmail(email);
        Optional<String> hash = agent.flatMap(found -> store.hash(found.getId()));
        boolean matches = encoder.matches(password, hash.orElse(unknownEmailHash)) && hash.isPresent();
        if (!matches) {
            attempts.failed(email);
            throw new BadCredentialsException("The email or the password is wrong");
        }
        if (encoder.upgradeEncoding(hash.get())) { // hashed with an older default: hashed again, now that it is known
            store.setHash(agent.get().getId(), encoder.encode(password));
        }
        return agent.get();
    }

    /**
     * Changes the agent's password, which the caller proves it knows; every other session of the agent
     * ends ({@code keptTokenId}: the session making the change, which stays signed in).
     */
    void change(long agentId, String currentPassword, String newPassword, Long keptTokenId) {
        PasswordPolicy.requireAcceptable("newPassword", newPassword);
        Agent agent = agents.active(agentId);
        attempts.check(agent.getEmail());
        Optional<String> hash = store.hash(agentId);
        if (hash.isEmpty() || currentPassword == null || !encoder.matches(currentPassword, hash.get())) {
            attempts.failed(agent.getEmail()); // a stolen session guessing the password counts like a sign-in
            throw new FieldRejectedException("currentPassword", hash.isEmpty()
                    ? "this agent has no password yet: it sets one through an invitation"
                    : "is not the agent's current password");
        }
        String newHash = encoder.encode(newPassword);
        transaction.executeWithoutResult(status -> {
            store.setHash(agentId, newHash);
            tokens.revokeSessions(agentId, keptTokenId);
        });
    }
}
