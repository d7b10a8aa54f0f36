package io.helpdeskinbox.security;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * The authenticated caller of a request. {@code agentId} is set for AGENT callers, {@code tokenId}
 * for every caller with a stored token (not the admin); {@code session} when the token is the one a
 * console session holds (the request came with the session cookie, not an {@code Authorization} header).
 */
public record InboxPrincipal(Role role, Long agentId, Long tokenId, boolean session)
        implements OAuth2AuthenticatedPrincipal, Serializable {

    public static final InboxPrincipal ADMIN = new InboxPrincipal(Role.ADMIN, null, null, false);

    public static InboxPrincipal agent(long agentId, long tokenId) {
        return new InboxPrincipal(Role.AGENT, agentId, tokenId, false);
    }

    /** An agent signed in to the console: its session's token. */
    public static InboxPrincipal signedIn(long agentId, long tokenId) {
        return new InboxPrincipal(Role.AGENT, agentId, tokenId, true);
    }

    public static InboxPrincipal integration(long tokenId) {
        return new InboxPrincipal(Role.INTEGRATION, null, tokenId, false);
    }

    public boolean isAgent(long agentId) {
        return role == Role.AGENT && this.agentId == agentId;
    }

    /** How the caller appears as {@code actor} in timelines: {@code admin}, {@code agent:7}, {@code integration:3}. */
    @Override
    public String getName() {
        return switch (role) {
            case ADMIN -> "admin";
            case AGENT -> "agent:" + agentId;
            case INTEGRATION -> "integration:" + tokenId;
        };
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of("role", role.name());
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(role.authority());
    }
}
