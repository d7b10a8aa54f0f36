package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.security.CallerRefusedException;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An agent changing its own password. */
@Tag(name = "Sign-in")
@RestController
class PasswordController {

    private final Passwords passwords;

    PasswordController(Passwords passwords) {
        this.passwords = passwords;
    }

    record ChangePasswordRequest(@NotNull String currentPassword, @NotNull String newPassword) {
    }

    @Operation(operationId = "changePassword",
            summary = "Change one's password",
            description = "For an agent, with its current password. Every other console session of the agent ends; "
                    + "the one making the change stays signed in. At least 12 characters (at most 72 bytes).",
            security = {@SecurityRequirement(name = "bearer", scopes = {"AGENT"}), @SecurityRequirement(name = "session")})
    @ApiResponse(responseCode = "204", description = "Password changed")
    @PutMapping(path = "/api/v1/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void change(@AuthenticationPrincipal InboxPrincipal caller, @Valid @RequestBody ChangePasswordRequest request) {
        if (caller.role() != Role.AGENT) {
            throw new CallerRefusedException("Only an agent has a password to change.");
        }
        passwords.change(caller.agentId(), request.currentPassword(), request.newPassword(),
                caller.session() ? caller.tokenId() : null);
    }
}
