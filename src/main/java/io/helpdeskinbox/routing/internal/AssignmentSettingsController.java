package io.helpdeskinbox.routing.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every role reads the settings; only the admin changes them (see the security configuration). */
@Tag(name = "Assignment settings")
@RestController
@RequestMapping(path = "/api/v1/settings/assignment", produces = MediaType.APPLICATION_JSON_VALUE)
class AssignmentSettingsController {

    private final AssignmentSettingsService settings;

    AssignmentSettingsController(AssignmentSettingsService settings) {
        this.settings = settings;
    }

    @Operation(operationId = "getAssignmentSettings",
            summary = "Read the auto-assignment settings",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping
    AssignmentSettingsResponse get() {
        return settings.current();
    }

    @Operation(operationId = "replaceAssignmentSettings",
            summary = "Replace the auto-assignment settings",
            description = "The whole settings document: auto-assignment on or off, strategy, default capacity, reopen "
                    + "policy, presence and response timeout.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @PutMapping
    AssignmentSettingsResponse replace(@Valid @RequestBody AssignmentSettingsRequest request) {
        return settings.replace(request);
    }
}
