package io.helpdeskinbox.agent;

import java.util.List;

public record AgentListResponse(List<AgentResponse> items) {
}
