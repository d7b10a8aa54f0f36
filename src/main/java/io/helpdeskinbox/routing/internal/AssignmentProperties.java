package io.helpdeskinbox.routing.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The engine's settings that belong to an instance, not to the inbox ({@code INBOX_ASSIGNMENT_*};
 * the inbox's own are {@code /settings/assignment}). Each default is said here, once.
 *
 * @param sweepInterval the safety net under event-driven auto-assignment: how often each instance asks
 *     its engine for a round
 * @param batchSize the most conversations a round's first batch decides and commits at once
 * @param largestBatch while each batch of a round comes back full (a backlog), the next claims twice as
 *     many, up to this
 * @param roundSpacing after a round that assigned nothing, the next waits at least this long: requests
 *     made meanwhile share it (after one that assigned, the next requested round starts at once)
 * @param responseTimeoutCheck how often each instance looks for conversations whose response timeout (a
 *     setting) ran out
 */
@ConfigurationProperties("inbox.assignment")
record AssignmentProperties(@DefaultValue("PT5S") Duration sweepInterval, @DefaultValue("32") int batchSize,
        @DefaultValue("256") int largestBatch, @DefaultValue("PT0.01S") Duration roundSpacing,
        @DefaultValue("PT5S") Duration responseTimeoutCheck) {
}
