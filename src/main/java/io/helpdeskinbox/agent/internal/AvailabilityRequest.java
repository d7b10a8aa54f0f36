package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.Availability;
import jakarta.validation.constraints.NotNull;

public record AvailabilityRequest(@NotNull Availability availability) {
}
