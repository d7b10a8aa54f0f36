package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.Role;
import java.util.List;
import java.util.Objects;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * The identity provider's JWT access tokens, accepted as bearer tokens: the signature checked with
 * the provider's published keys (JWKS; an unsigned token, {@code alg: none}, never passes), and
 * {@code iss}, {@code aud} and {@code exp} checked. The caller is the active agent with the token's
 * email, ADMIN when the groups claim names the admin group; a token whose email no active agent has,
 * or whose {@code email_verified} is false, is refused like any invalid token (401).
 */
final class ProviderTokens {

    private ProviderTokens() {
    }

    /** Whether a bearer token is a JWT (three base64url parts, a JSON header) rather than one of ours. */
    static boolean isJwt(String token) {
        return token != null && token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
    }

    static AuthenticationManager authenticationManager(OidcProperties oidc, ProviderPeople people) {
        String audience = Objects.requireNonNull(oidc.expectedAudience(), "INBOX_OIDC_CLIENT_ID or INBOX_OIDC_AUDIENCE");
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(new ReadWhenFirstNeeded(oidc.issuerUri().toString(),
                audience));
        provider.setJwtAuthenticationConverter(jwt -> {
            InboxPrincipal caller = caller(jwt, oidc, people);
            return new BearerTokenAuthentication(caller, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                    jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt()), caller.getAuthorities());
        });
        return new ProviderManager(provider);
    }

    /**
     * The decoder, built when the first token comes: building it reads the provider's configuration
     * and keys, and the inbox starts while the provider is away. Until it can be read, a token cannot
     * be checked: not the caller's fault (503, as when the database is away), and the next token tries again.
     */
    private static final class ReadWhenFirstNeeded implements JwtDecoder {

        private final String issuer;
        private final String audience;
        private volatile JwtDecoder decoder;

        ReadWhenFirstNeeded(String issuer, String audience) {
            this.issuer = issuer;
            this.audience = audience;
        }

        @Override
        public Jwt decode(String token) {
            JwtDecoder built = decoder;
            if (built == null) {
                try {
                    NimbusJwtDecoder nimbus = NimbusJwtDecoder.withIssuerLocation(issuer).build();
                    nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                            new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience))));
                    built = nimbus;
                } catch (RuntimeException unreachable) {
                    throw new JwtException("The identity provider's configuration could not be read", unreachable);
                }
                decoder = built;
            }
            return built.decode(token);
        }
    }

    private static InboxPrincipal caller(Jwt jwt, OidcProperties oidc, ProviderPeople people) {
        if (Boolean.FALSE.equals(jwt.getClaimAsBoolean("email_verified"))) {
            throw new InvalidBearerTokenException("The token's email is not verified");
        }
        ProviderPeople.Person person = people.activeAgent(jwt.getClaimAsString("email"))
                .orElseThrow(() -> new InvalidBearerTokenException("No active agent has the token's email"));
        Role role = oidc.isAdmin(jwt.getClaimAsStringList(oidc.groupsClaim())) ? Role.ADMIN : Role.AGENT;
        return new InboxPrincipal(role, person.agentId(), null, false);
    }
}
