package io.helpdeskinbox.consistency;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ConsistencyController {

    private final ConsistencyCheck check;

    ConsistencyController(ConsistencyCheck check) {
        this.check = check;
    }

    @GetMapping("/api/v1/admin/consistency")
    ConsistencyReport report() {
        return check.run();
    }
}
