package io.helpdeskinbox.conversation;

/**
 * The folder totals of the whole inbox, exact at every committed instant. Kept without a row that
 * every transition would have to update (that row would make all writers commit one at a time):
 * the events module adds up the folder moves its outbox records.
 */
public interface FolderTotals {

    FolderCountsResponse now();
}
