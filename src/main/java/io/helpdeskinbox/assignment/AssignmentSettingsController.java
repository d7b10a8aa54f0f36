package io.helpdeskinbox.assignment;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every role reads the settings; only the admin changes them (see the security configuration). */
@RestController
@RequestMapping("/api/v1/settings/assignment")
class AssignmentSettingsController {

    private final AssignmentService assignment;

    AssignmentSettingsController(AssignmentService assignment) {
        this.assignment = assignment;
    }

    @GetMapping
    AssignmentSettingsResponse get() {
        return assignment.settings();
    }

    @PutMapping
    AssignmentSettingsResponse replace(@Valid @RequestBody AssignmentSettingsRequest request) {
        return assignment.replaceSettings(request);
    }
}
