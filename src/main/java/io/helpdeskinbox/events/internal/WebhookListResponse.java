package io.helpdeskinbox.events.internal;

import java.util.List;

public record WebhookListResponse(List<WebhookResponse> items) {
}
