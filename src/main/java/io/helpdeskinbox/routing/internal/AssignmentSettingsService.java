package io.helpdeskinbox.routing.internal;

import io.helpdeskinbox.web.FieldRejectedException;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The engine's settings: one row, read by every decision, replaced whole. */
@Service
class AssignmentSettingsService {

    private final AssignmentSettingsRepository settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AssignmentSettingsService(AssignmentSettingsRepository settings, ApplicationEventPublisher events, Clock clock) {
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    AssignmentSettingsResponse current() {
        return AssignmentSettingsResponse.of(settings.current());
    }

    /** New settings apply from the next decision on; the queue is looked at right after the commit. */
    @Transactional
    AssignmentSettingsResponse replace(AssignmentSettingsRequest request) {
        if (request.responseTimeout() != null
                && request.responseTimeout().compareTo(AssignmentSettingsRequest.SHORTEST_RESPONSE_TIMEOUT) < 0) {
            throw new FieldRejectedException("responseTimeout",
                    "must be at least one second (ISO-8601, e.g. PT10M), or null for none");
        }
        AssignmentSettings current = settings.currentForUpdate();
        current.replaceWith(request, clock.instant());
        events.publishEvent(new AssignmentSettingsChanged());
        return AssignmentSettingsResponse.of(current);
    }
}
