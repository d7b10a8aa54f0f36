package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: whose token this is, so a client (the console) knows what to offer. */
@Tag(name = "Caller")
@RestController
class CallerController {

    /** {@code agentId} only for an AGENT token. */
    record CallerResponse(Role role, @Schema(nullable = true) Long agentId) {
    }

    @Operation(operationId = "getCaller",
            summary = "Who am I",
            description = "The role of the token sent, and the agent's id for an agent token.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    CallerResponse me(@AuthenticationPrincipal InboxPrincipal caller) {
        return new CallerResponse(caller.role(), caller.agentId());
    }
}
