package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.signin.InvitationLinks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** One-time links through which an agent sets its password. */
@Tag(name = "Sign-in")
@RestController
class InvitationController {

    private final Invitations invitations;
    private final InvitationLinks links;
    private final SignInProperties properties;

    InvitationController(Invitations invitations, InvitationLinks links, SignInProperties properties) {
        this.invitations = invitations;
        this.links = links;
        this.properties = properties;
    }

    /** The link to hand to the agent (shown once: only a hash of its token is kept), and when it stops working. */
    record InvitationResponse(URI url, Instant expiresAt) {
    }

    record AcceptInvitationRequest(@NotNull String password) {
    }

    @Operation(operationId = "inviteAgent",
            summary = "Invite an agent to set its password",
            description = "A one-time link to the console, where the agent sets its password. An earlier link for "
                    + "the same agent stops working. The link is shown only in this response.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "201", description = "Invited", useReturnTypeSchema = true)
    @PostMapping(path = "/api/v1/agents/{agentId}/invitation", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    InvitationResponse invite(@PathVariable long agentId) {
        URI console = properties.consoleUrl() != null ? properties.consoleUrl()
                : ServletUriComponentsBuilder.fromCurrentContextPath().path("/").build().toUri();
        InvitationLinks.InvitationLink link = links.invite(agentId, console);
        return new InvitationResponse(link.url(), link.expiresAt());
    }

    @Operation(operationId = "acceptInvitation",
            summary = "Set one's password through an invitation",
            description = "At least 12 characters (at most 72 bytes). The link is then used up, and every console "
                    + "session the agent had ends. The agent then signs in with its email and this password.",
            security = {})
    @ApiResponse(responseCode = "204", description = "Password set")
    @PostMapping(path = "/api/v1/invitations/{token}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void accept(@PathVariable String token, @Valid @RequestBody AcceptInvitationRequest request) {
        invitations.accept(token, request.password()).orElseThrow(InvitationNotFoundException::new);
    }
}
