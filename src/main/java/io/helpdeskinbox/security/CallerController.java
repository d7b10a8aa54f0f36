package io.helpdeskinbox.security;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: whose token this is, so a client (the console) knows what to offer. */
@RestController
class CallerController {

    /** {@code agentId} only for an AGENT token. */
    record CallerResponse(Role role, Long agentId) {
    }

    @GetMapping("/api/v1/me")
    CallerResponse me(@AuthenticationPrincipal InboxPrincipal caller) {
        return new CallerResponse(caller.role(), caller.agentId());
    }
}
