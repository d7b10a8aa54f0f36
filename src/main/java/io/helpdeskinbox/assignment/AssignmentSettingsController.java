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

    private final AssignmentSettingsService settings;

    AssignmentSettingsController(AssignmentSettingsService settings) {
        this.settings = settings;
    }

    @GetMapping
    AssignmentSettingsResponse get() {
        return settings.current();
    }

    @PutMapping
    AssignmentSettingsResponse replace(@Valid @RequestBody AssignmentSettingsRequest request) {
        return settings.replace(request);
    }
}
