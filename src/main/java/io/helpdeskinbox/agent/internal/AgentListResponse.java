package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.AgentResponse;
import java.util.List;

public record AgentListResponse(List<AgentResponse> items) {
}
