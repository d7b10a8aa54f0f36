package io.helpdeskinbox.agent;

/**
 * A team's settings changed (or it was created), in the transaction of the change: the engine looks
 * at the queue after the commit, since a team's auto-assignment, strategy or capacity may let its
 * queue move.
 */
public record TeamChanged(long teamId) {
}
