package io.helpdeskinbox.security.internal;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the console's sign-in page offers: whether "Sign in with SSO" is there. Part of the console, not the API. */
@Hidden
@RestController
class SignInOptionsController {

    private final OidcProperties oidc;

    SignInOptionsController(OidcProperties oidc) {
        this.oidc = oidc;
    }

    @GetMapping(path = "/console/sign-in-options", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> options() {
        return oidc.enabled() ? Map.of("sso", true, "ssoUrl", "/oauth2/authorization/" + SingleSignOnFilters.REGISTRATION)
                : Map.of("sso", false);
    }
}
