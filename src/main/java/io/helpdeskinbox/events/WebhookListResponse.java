package io.helpdeskinbox.events;

import java.util.List;

public record WebhookListResponse(List<WebhookResponse> items) {
}
