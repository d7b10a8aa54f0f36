package io.helpdeskinbox.consistency.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * What the rows say against what the counters say. {@code consistent} is true only when no agent
 * counter drifts, the Assigned folder equals the sum of the counters, no conversation is held by an
 * inactive agent, and the folder totals {@code /counts} serves (kept from the folder moves of the outbox) equal the
 * recomputed {@code folderCounts}, and each team's served counts equal its recount, the teams' adding up
 * to the whole.
 */
public record ConsistencyReport(
        boolean consistent,
        Instant checkedAt,
        int agentsChecked,
        List<CounterDrift> counterDrift,
        FolderCountsResponse folderCounts,
        FolderCountsResponse storedFolderCounts,
        long sumOfAgentCounters,
        long assignedToInactiveAgents,
        @Schema(description = "per team, and for the global queue (teamId null): the folders recounted from the rows "
                + "and as /conversations/counts?teamId= serves them; together they add up to folderCounts")
        List<TeamCounts> teams) {

    /** One team's folders (teamId null: the conversations in no team), recounted and as served. */
    public record TeamCounts(@Schema(nullable = true) Long teamId, @Schema(nullable = true) String name,
            FolderCountsResponse folderCounts, FolderCountsResponse servedFolderCounts) {

        TeamCounts served(FolderCountsResponse served) {
            return new TeamCounts(teamId, name, folderCounts, served);
        }

        boolean agrees() {
            return folderCounts.equals(servedFolderCounts);
        }
    }

    /** An agent whose counter is not the number of ASSIGNED conversations it holds. */
    public record CounterDrift(long agentId, int counter, long assignedConversations) {
    }
}
