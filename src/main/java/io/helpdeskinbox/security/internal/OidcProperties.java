package io.helpdeskinbox.security.internal;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on with an OpenID Connect provider ({@code INBOX_OIDC_*}); off while
 * {@code issuerUri} is unset.
 *
 * @param issuerUri the provider's issuer (its {@code /.well-known/openid-configuration} is read from there,
 *     when first needed): the console offers "Sign in with SSO", and the API accepts its JWT access tokens
 * @param clientId the console's client at the provider (authorization code with PKCE)
 * @param clientSecret its secret
 * @param audience what an access token's {@code aud} must contain to be accepted; unset: the client id
 * @param groupsClaim the claim listing the person's groups
 * @param adminGroup the group whose members are ADMIN (unset: nobody is ADMIN through SSO)
 * @param scopes what the console asks the provider for
 */
@ConfigurationProperties("inbox.oidc")
record OidcProperties(URI issuerUri, String clientId, String clientSecret, String audience,
        @DefaultValue("groups") String groupsClaim, String adminGroup,
        @DefaultValue({"openid", "email", "profile"}) List<String> scopes) {

    boolean enabled() {
        return issuerUri != null;
    }

    String expectedAudience() {
        return audience != null && !audience.isBlank() ? audience : clientId;
    }

    boolean isAdmin(List<String> groups) {
        return adminGroup != null && !adminGroup.isBlank() && groups != null && groups.contains(adminGroup);
    }
}
