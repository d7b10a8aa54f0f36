package io.helpdeskinbox.agent.internal;

import java.util.List;

/** Every team, by name. */
public record TeamListResponse(List<TeamResponse> items) {
}
