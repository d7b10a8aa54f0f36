package io.helpdeskinbox.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;

/**
 * The authenticated caller of a request. {@code agentId} is set for AGENT callers, {@code tokenId}
 * for every caller with a stored token (not the admin).
 */
public record InboxPrincipal(Role role, Long agentId, Long tokenId) implements OAuth2AuthenticatedPrincipal {

    public static final InboxPrincipal ADMIN = new InboxPrincipal(Role.ADMIN, null, null);

    public static InboxPrincipal agent(long agentId, long tokenId) {
        return new InboxPrincipal(Role.AGENT, agentId, tokenId);
    }

    public static InboxPrincipal integration(long tokenId) {
        return new InboxPrincipal(Role.INTEGRATION, null, tokenId);
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
