package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.outbox.OutboxPruning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The delivery log is kept as long as the events it delivered: finished deliveries (and their
 * attempts) go with the outbox's prune, first, so that the events they held can go too. A pending
 * delivery keeps its event until it finishes.
 */
@Component
class DeliveryRetention {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetention.class);

    private final WebhookRepository webhooks;

    DeliveryRetention(WebhookRepository webhooks) {
        this.webhooks = webhooks;
    }

    @EventListener
    void on(OutboxPruning pruning) {
        int pruned = webhooks.pruneFinishedBefore(pruning.cutoff());
        if (pruned > 0) {
            log.info("Pruned {} finished webhook deliveries older than {}", pruned, pruning.cutoff());
        }
    }
}
