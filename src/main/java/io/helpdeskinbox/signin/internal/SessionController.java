package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.security.ConsoleSessions;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Signing in to the console with an email and a password, and signing out. */
@Tag(name = "Sign-in")
@RestController
@RequestMapping(path = "/api/v1/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
class SessionController {

    private final Passwords passwords;
    private final ConsoleSessions sessions;

    SessionController(Passwords passwords, ConsoleSessions sessions) {
        this.passwords = passwords;
        this.sessions = sessions;
    }

    record SignInRequest(@NotBlank @Size(max = 320) String email, @NotBlank @Size(max = 1000) String password) {
    }

    /** Who signed in: an agent, for a password sign-in. */
    record SessionResponse(Role role, @Schema(nullable = true) Long agentId) {
    }

    @Operation(operationId = "signIn",
            summary = "Sign in with an email and a password",
            description = "Starts a console session: the session cookie (HttpOnly, SameSite=Lax, Secure behind TLS) "
                    + "and the XSRF-TOKEN cookie, whose value a change made with the session sends back in the "
                    + "X-XSRF-TOKEN header. An unknown email and a wrong password get the same 401; failed sign-ins "
                    + "are limited per account and per address (429 with Retry-After).",
            security = {})
    @ApiResponse(responseCode = "201", description = "Signed in", useReturnTypeSchema = true)
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    SessionResponse signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest http, HttpServletResponse response) {
        Agent agent = passwords.signIn(request.email(), request.password());
        InboxPrincipal signedIn = sessions.signIn(http, response, agent.getId(), agent.getName());
        return new SessionResponse(signedIn.role(), signedIn.agentId());
    }

    @Operation(operationId = "signOut",
            summary = "Sign out",
            description = "Ends the console session this request came with, and every event stream it opened, on "
                    + "every instance: for a request made with the session's cookie (and its CSRF token). A request "
                    + "with a bearer token has no session to end (404).",
            security = {@SecurityRequirement(name = "session"),
                    @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"})})
    @ApiResponse(responseCode = "204", description = "Signed out")
    @DeleteMapping("/current")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void signOut(@AuthenticationPrincipal InboxPrincipal caller, HttpServletRequest http, HttpServletResponse response) {
        if (!caller.session()) {
            throw new NoSessionException();
        }
        sessions.signOut(http, response);
    }
}
