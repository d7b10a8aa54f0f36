package io.helpdeskinbox.events;

/** A webhook's receiver failed for too long, so it was disabled: published as {@code webhook.disabled}. */
record WebhookDisabled(WebhookResponse webhook) {
}
