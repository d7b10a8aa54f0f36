package io.helpdeskinbox.signin.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Agents' password hashes ({@code agent_password}) and their invitations ({@code agent_invitation}). */
@Repository
class PasswordStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    PasswordStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<String> hash(long agentId) {
        return jdbc.sql("select hash from agent_password where agent_id = ?").param(agentId).query(String.class).optional();
    }

    void setHash(long agentId, String hash) {
        Instant now = clock.instant();
        jdbc.sql("""
                insert into agent_password (agent_id, hash, changed_at) values (?, ?, ?)
                on conflict (agent_id) do update set hash = excluded.hash, changed_at = excluded.changed_at""")
                .params(agentId, hash, Timestamp.from(now)).update();
    }

    /** A new invitation for the agent; its open ones stop working (only the newest link works). */
    /** @return when it stops working */
    Instant invite(long agentId, byte[] tokenHash, Duration validity) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(validity);
        jdbc.sql("update agent_invitation set used_at = ? where agent_id = ? and used_at is null")
                .params(Timestamp.from(now), agentId).update();
        jdbc.sql("insert into agent_invitation (agent_id, token_hash, created_at, expires_at) values (?, ?, ?, ?)")
                .params(agentId, tokenHash, Timestamp.from(now), Timestamp.from(expiresAt)).update();
        return expiresAt;
    }

    /**
     * Uses the invitation with this token hash, if it is open and not expired, once: of two requests
     * racing with the same link, one gets the agent, the other nothing. The agent must still be active.
     */
    Optional<Long> useInvitation(byte[] tokenHash) {
        Instant now = clock.instant();
        return jdbc.sql("""
                update agent_invitation i set used_at = :now
                from agent a
                where i.token_hash = :hash and i.used_at is null and i.expires_at > :now
                  and a.id = i.agent_id and a.active
                returning i.agent_id""")
                .param("now", Timestamp.from(now)).param("hash", tokenHash).query(Long.class).optional();
    }
}
