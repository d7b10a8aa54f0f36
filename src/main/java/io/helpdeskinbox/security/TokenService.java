package io.helpdeskinbox.security;

import io.helpdeskinbox.security.internal.ApiKeyNotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and revokes bearer tokens. Spring Security's bearer-token filter calls
 * {@link #introspect} on every {@code /api/**} request; the answer comes from the database each
 * time, so a revoked key or a deactivated agent is refused on its very next request, on every
 * app instance. A revocation is also announced ({@link CredentialRevoked}) in its transaction, for
 * what a caller holds open beyond one request: its event stream.
 */
@Service
public class TokenService implements OpaqueTokenIntrospector {

    private final AccessTokenRepository tokens;
    private final AdminToken adminToken;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    TokenService(AccessTokenRepository tokens, AdminToken adminToken, Clock clock, ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.adminToken = adminToken;
        this.clock = clock;
        this.events = events;
    }

    /**
     * @throws BadOpaqueTokenException when the token is not valid (401)
     * @throws OAuth2IntrospectionException when it could not be checked, the database being away: the
     *     caller is not at fault (503, with the database failure as the cause)
     */
    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        if (adminToken.matches(token)) {
            return InboxPrincipal.ADMIN;
        }
        Optional<BearerToken> presented = BearerToken.parse(token);
        Optional<AccessToken> stored;
        try {
            stored = presented.flatMap(bearer -> tokens.findUsable(bearer.id()));
        } catch (DataAccessException unavailable) {
            throw new OAuth2IntrospectionException("The bearer token could not be checked", unavailable);
        }
        return stored.filter(usable -> presented.get().matches(usable.getSecretHash()))
                .map(AccessToken::principal)
                .orElseThrow(() -> new BadOpaqueTokenException("The bearer token is not valid"));
    }

    /**
     * A new token for the agent's scripts; any earlier one stops working (re-issuing is what one does
     * after a leak). The agent's console sessions are not touched: they hold tokens of their own.
     */
    @Transactional
    public String issueAgentToken(long agentId, String agentName) {
        Instant now = clock.instant();
        revoke(tokens.findLiveTokenIds(agentId, AccessToken.Kind.AGENT), now);
        return issue(AccessToken.Kind.AGENT, agentId, agentName, now).token();
    }

    /**
     * The token a console session holds for the agent who signed in with it. It never leaves the
     * server: the session keeps it, and the session's cookie is what the browser holds.
     */
    @Transactional
    public String issueSessionToken(long agentId, String agentName, boolean admin) {
        return issue(admin ? AccessToken.Kind.ADMIN_SESSION : AccessToken.Kind.SESSION, agentId, agentName,
                clock.instant()).token();
    }

    /** Ends one token now (a session signed out); announced, so that streams opened with it end. */
    @Transactional
    public void revokeToken(long tokenId) {
        revoke(List.of(tokenId), clock.instant());
    }

    /**
     * Ends every console session of the agent but the one holding {@code keptTokenId} (null: all):
     * what a password change does, as the old password may be what let someone else in.
     */
    @Transactional
    public void revokeSessions(long agentId, Long keptTokenId) {
        revoke(tokens.findLiveSessionTokenIds(agentId).stream().filter(id -> !id.equals(keptTokenId)).toList(),
                clock.instant());
    }

    private void revoke(List<Long> tokenIds, Instant now) {
        if (!tokenIds.isEmpty() && tokens.revoke(tokenIds, now) > 0) {
            tokenIds.forEach(id -> events.publishEvent(CredentialRevoked.token(id)));
        }
    }

    @Transactional
    public ApiKeyResponse createApiKey(String name) {
        return issue(AccessToken.Kind.INTEGRATION, null, name, clock.instant());
    }

    @Transactional(readOnly = true)
    public List<ApiKeyResponse> apiKeys() {
        return tokens.findLiveApiKeys().stream().map(key -> ApiKeyResponse.of(key, null)).toList();
    }

    @Transactional
    public void revokeApiKey(long apiKeyId) {
        if (tokens.revokeApiKey(apiKeyId, clock.instant()) == 0) {
            throw new ApiKeyNotFoundException(apiKeyId);
        }
        events.publishEvent(CredentialRevoked.token(apiKeyId));
    }

    /**
     * Whether the credential a caller was authenticated with still works now: for what outlives the
     * request that checked it (an event stream), read again from the database.
     */
    public boolean stillValid(InboxPrincipal caller) {
        return caller.tokenId() == null || tokens.findUsable(caller.tokenId()).isPresent();
    }

    /** As {@link #stillValid(InboxPrincipal)}, refusing the caller as an invalid token would be (401) when not. */
    public void requireStillValid(InboxPrincipal caller) {
        if (!stillValid(caller)) {
            throw new BadOpaqueTokenException("The bearer token is not valid");
        }
    }

    /** Of these stored tokens, those that still work now: one query, however many. */
    public Set<Long> stillValid(Collection<Long> tokenIds) {
        return tokenIds.isEmpty() ? Set.of() : Set.copyOf(tokens.findUsableAmong(tokenIds));
    }

    private ApiKeyResponse issue(AccessToken.Kind kind, Long agentId, String name, Instant now) {
        String secret = BearerToken.newSecret();
        AccessToken stored = tokens.save(new AccessToken(kind, agentId, name, BearerToken.sha256(secret), now));
        return ApiKeyResponse.of(stored, new BearerToken(stored.getId(), secret).toString());
    }
}
