package io.helpdeskinbox.consistency.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.conversation.FolderTotals;
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
    private final Clock clock;

    ConsistencyCheck(RowCounts rows, FolderTotals totals, Clock clock) {
        this.rows = rows;
        this.totals = totals;
        this.clock = clock;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ConsistencyReport run() {
        List<ConsistencyReport.CounterDrift> drift = rows.counterDrift();
        long sumOfCounters = rows.sumOfAgentCounters();
        FolderCountsResponse folders = rows.folders();
        long heldByInactive = rows.assignedToInactiveAgents();
        FolderCountsResponse served = totals.now();
        boolean consistent = drift.isEmpty() && sumOfCounters == folders.assigned() && heldByInactive == 0
                && served.equals(folders);
        return new ConsistencyReport(consistent, clock.instant(), rows.agents(), drift, folders, served, sumOfCounters,
                heldByInactive);
    }
}
