package io.helpdeskinbox.agent;

import java.time.Instant;

/**
 * A team is about to be deleted, in the deleting transaction: whoever keeps something in the team
 * lets go of it there (its conversations go to the global queue, each with an event), so the
 * deletion commits with everything that follows from it, or not at all.
 */
public record TeamDeleting(long teamId, String actor, Instant at) {
}
