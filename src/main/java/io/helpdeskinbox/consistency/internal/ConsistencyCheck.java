package io.helpdeskinbox.consistency.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.conversation.FolderTotals;
import io.helpdeskinbox.conversation.TeamFolderCounts;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes every agent counter and folder count straight from the conversation rows, and
 * compares them with what the API serves. All queries run in one REPEATABLE READ transaction, so
 * they see one committed instant and a transition committing meanwhile cannot show up as false
 * drift.
 */
@Service
class ConsistencyCheck {

    private final RowCounts rows;
    private final FolderTotals totals;
    private final TeamFolderCounts teamCounts;
    private final Clock clock;

    ConsistencyCheck(RowCounts rows, FolderTotals totals, TeamFolderCounts teamCounts, Clock clock) {
        this.rows = rows;
        this.totals = totals;
        this.teamCounts = teamCounts;
        this.clock = clock;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ConsistencyReport run() {
        List<ConsistencyReport.CounterDrift> drift = rows.counterDrift();
        long sumOfCounters = rows.sumOfAgentCounters();
        FolderCountsResponse folders = rows.folders();
        long heldByInactive = rows.assignedToInactiveAgents();
        FolderCountsResponse served = totals.now();
        // each team's counts as served, in this transaction's snapshot (the same connection), against its recount
        List<ConsistencyReport.TeamCounts> teams = rows.teams().stream()
                .map(team -> team.served(teamCounts.ofTeam(team.teamId()))).toList();
        FolderCountsResponse teamsTogether = FolderCountsResponse.of(
                teams.stream().mapToLong(team -> team.folderCounts().unassigned()).sum(),
                teams.stream().mapToLong(team -> team.folderCounts().assigned()).sum(),
                teams.stream().mapToLong(team -> team.folderCounts().archived()).sum());
        boolean consistent = drift.isEmpty() && sumOfCounters == folders.assigned() && heldByInactive == 0
                && served.equals(folders) && teams.stream().allMatch(ConsistencyReport.TeamCounts::agrees)
                && teamsTogether.equals(served);
        return new ConsistencyReport(consistent, clock.instant(), rows.agents(), drift, folders, served, sumOfCounters,
                heldByInactive, teams);
    }
}
