package io.helpdeskinbox.outbox.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.conversation.FolderTotals;
import io.helpdeskinbox.outbox.OutboxTicks;
import org.springframework.stereotype.Component;

/** The folder totals from the outbox: the latest tick's, plus the moves committed since. */
@Component
class OutboxFolderTotals implements FolderTotals {

    private final OutboxTicks ticks;

    OutboxFolderTotals(OutboxTicks ticks) {
        this.ticks = ticks;
    }

    @Override
    public FolderCountsResponse now() {
        return ticks.totalsNow();
    }
}
