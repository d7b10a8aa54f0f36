package io.helpdeskinbox.consistency.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Administration")
@RestController
class ConsistencyController {

    private final ConsistencyCheck check;

    ConsistencyController(ConsistencyCheck check) {
        this.check = check;
    }

    @Operation(operationId = "checkConsistency",
            summary = "Check the counters against the conversations",
            description = "Recounts every agent's conversations and every folder from the conversations and compares them "
                    + "with the counters; consistent is false when any differs, and the differences are listed.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @GetMapping(path = "/api/v1/admin/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
    ConsistencyReport report() {
        return check.run();
    }
}
