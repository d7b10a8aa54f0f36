package io.helpdeskinbox.consistency.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import java.time.Instant;
import java.util.List;

/**
 * What the rows say against what the counters say. {@code consistent} is true only when no agent
 * counter drifts, the Assigned folder equals the sum of the counters, no conversation is held by an
 * inactive agent, and the folder totals {@code /counts} serves (kept from the folder moves of the outbox) equal the
 * recomputed {@code folderCounts}.
 */
public record ConsistencyReport(
        boolean consistent,
        Instant checkedAt,
        int agentsChecked,
        List<CounterDrift> counterDrift,
        FolderCountsResponse folderCounts,
        FolderCountsResponse storedFolderCounts,
        long sumOfAgentCounters,
        long assignedToInactiveAgents) {

    /** An agent whose counter is not the number of ASSIGNED conversations it holds. */
    public record CounterDrift(long agentId, int counter, long assignedConversations) {
    }
}
