package io.helpdeskinbox.security;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/** A stored bearer token: who it belongs to and the hash of its secret, never the secret. */
@Entity
@Table(name = "access_token")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
class AccessToken {

    /**
     * An agent's token for its scripts, a partner's API key, or the token a console session holds
     * (ADMIN_SESSION: a person single sign-on made ADMIN).
     */
    enum Kind { AGENT, INTEGRATION, SESSION, ADMIN_SESSION }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    private Long agentId;

    private String name;

    private byte[] secretHash;

    private Instant createdAt;

    private Instant revokedAt;

    AccessToken(Kind kind, Long agentId, String name, byte[] secretHash, Instant now) {
        this.kind = kind;
        this.agentId = agentId;
        this.name = name;
        this.secretHash = secretHash;
        this.createdAt = now;
    }

    InboxPrincipal principal() {
        return switch (kind) {
            case AGENT -> InboxPrincipal.agent(agentId, id);
            case SESSION -> InboxPrincipal.signedIn(agentId, id);
            case ADMIN_SESSION -> new InboxPrincipal(Role.ADMIN, agentId, id, true);
            case INTEGRATION -> InboxPrincipal.integration(id);
        };
    }
}
