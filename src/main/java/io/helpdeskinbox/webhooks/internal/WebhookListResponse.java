package io.helpdeskinbox.webhooks.internal;

import java.util.List;

public record WebhookListResponse(List<WebhookResponse> items) {
}
