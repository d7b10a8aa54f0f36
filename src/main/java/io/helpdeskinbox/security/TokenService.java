package io.helpdeskinbox.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, checks and revokes bearer tokens. Spring Security's bearer-token filter calls
 * {@link #introspect} on every {@code /api/**} request; the answer comes from the database each
 * time, so a revoked key or a deactivated agent is refused on its very next request, on every
 * app instance.
 */
@Service
public class TokenService implements OpaqueTokenIntrospector {

    private final AccessTokenRepository tokens;
    private final AdminToken adminToken;
    private final Clock clock;

    TokenService(AccessTokenRepository tokens, AdminToken adminToken, Clock clock) {
        this.tokens = tokens;
        this.adminToken = adminToken;
        this.clock = clock;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        if (adminToken.matches(token)) {
            return InboxPrincipal.ADMIN;
        }
        return BearerToken.parse(token)
                .flatMap(presented -> tokens.findUsable(presented.id()).filter(stored -> presented.matches(stored.getSecretHash())))
                .map(AccessToken::principal)
                .orElseThrow(() -> new BadOpaqueTokenException("The bearer token is not valid"));
    }

    /** A new token for the agent; any earlier one stops working (re-issuing is what one does after a leak). */
    @Transactional
    public String issueAgentToken(long agentId, String agentName) {
        Instant now = clock.instant();
        tokens.revokeAgentTokens(agentId, now);
        return issue(AccessToken.Kind.AGENT, agentId, agentName, now).token();
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
    }

    private ApiKeyResponse issue(AccessToken.Kind kind, Long agentId, String name, Instant now) {
        String secret = BearerToken.newSecret();
        AccessToken stored = tokens.save(new AccessToken(kind, agentId, name, BearerToken.sha256(secret), now));
        return ApiKeyResponse.of(stored, new BearerToken(stored.getId(), secret).toString());
    }
}
