package io.helpdeskinbox.outbox;

import java.time.Instant;

/**
 * The outbox is about to prune what is older than {@code cutoff}, in the transaction this is
 * announced in: a listener first prunes what of its own refers to those events (the webhooks'
 * finished deliveries), and an event something still refers to is kept for a later prune.
 */
public record OutboxPruning(Instant cutoff) {
}
