package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.ConsoleSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The login filters of the console's "Sign in with SSO": the authorization code flow with PKCE
 * against the configured OpenID provider ({@code /oauth2/authorization/oidc}, back at
 * {@code /login/oauth2/code/oidc}). The person is the active agent with the ID token's verified
 * email, ADMIN when its groups claim names the admin group; it then gets a console session as a
 * password sign-in does (the provider's tokens are not kept). Anyone else is sent back to the
 * console with {@code #sso-error=...}.
 */
final class SingleSignOnFilters {

    static final String REGISTRATION = "oidc";

    private SingleSignOnFilters() {
    }

    static void configure(HttpSecurity http, OidcProperties oidc, ProviderPeople people, ConsoleSessions sessions)
            throws Exception {
        ClientRegistrationRepository registrations = new ReadWhenFirstNeeded(oidc);
        DefaultOAuth2AuthorizationRequestResolver withPkce = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, "/oauth2/authorization");
        withPkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.oauth2Login(login -> login
                .clientRegistrationRepository(registrations)
                .authorizedClientRepository(new NothingKept())
                .authorizationEndpoint(authorization -> authorization.authorizationRequestResolver(withPkce))
                .successHandler((request, response, authentication) -> signIn(request, response, authentication,
                        oidc, people, sessions))
                .failureHandler((request, response, e) -> back(request, response, "#sso-error=failed"))
                // the provider's configuration unreadable when the flow starts (the provider away): back to
                // the console with a reason, not the filter's 500 page
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler((request, response, e) ->
                                back(request, response, "#sso-error=unavailable"));
                        return filter;
                    }
                }));
    }

    private static void signIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication,
            OidcProperties oidc, ProviderPeople people, ConsoleSessions sessions) throws IOException {
        OidcUser user = (OidcUser) authentication.getPrincipal();
        Optional<ProviderPeople.Person> person = Boolean.FALSE.equals(user.getEmailVerified()) ? Optional.empty()
                : people.activeAgent(user.getEmail());
        if (person.isEmpty()) {
            back(request, response, "#sso-error=unknown-person");
            return;
        }
        boolean admin = oidc.isAdmin(user.getClaimAsStringList(oidc.groupsClaim()));
        sessions.signIn(request, response, person.get().agentId(), person.get().name(), admin);
        back(request, response, "");
    }

    private static void back(HttpServletRequest request, HttpServletResponse response, String fragment)
            throws IOException {
        response.sendRedirect(request.getContextPath() + "/" + fragment);
    }

    /** The provider's configuration, read from its issuer when the first person signs in: the inbox starts while it is away. */
    private static final class ReadWhenFirstNeeded implements ClientRegistrationRepository {

        private final OidcProperties oidc;
        private volatile ClientRegistration registration;

        ReadWhenFirstNeeded(OidcProperties oidc) {
            this.oidc = oidc;
        }

        @Override
        public ClientRegistration findByRegistrationId(String registrationId) {
            if (!REGISTRATION.equals(registrationId)) {
                return null;
            }
            ClientRegistration read = registration;
            if (read == null) {
                read = ClientRegistrations.fromIssuerLocation(oidc.issuerUri().toString())
                        .registrationId(REGISTRATION)
                        .clientId(oidc.clientId())
                        .clientSecret(oidc.clientSecret())
                        .scope(oidc.scopes())
                        .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                        .build();
                registration = read;
            }
            return read;
        }
    }

    /** The provider's tokens are not kept: the person gets a console session of its own. */
    private static final class NothingKept implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
                Authentication principal, HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String clientRegistrationId, Authentication principal,
                HttpServletRequest request, HttpServletResponse response) {
        }
    }
}
