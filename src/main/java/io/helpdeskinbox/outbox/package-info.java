/**
 * What happened, recorded: the transactional outbox that every change writes in its own
 * transaction, the relay that cuts it into ticks, the folder totals it keeps, and its retention.
 * Other modules read it through {@link io.helpdeskinbox.outbox.OutboxTicks} and the event types and
 * positions beside it; a module that acts on each tick in the tick's own statement (the webhooks)
 * offers a {@link io.helpdeskinbox.outbox.TickFanOut}.
 */
@ApplicationModule(displayName = "Outbox", allowedDependencies = {"agent", "conversation", "infrastructure", "security"})
package io.helpdeskinbox.outbox;

import org.springframework.modulith.ApplicationModule;
