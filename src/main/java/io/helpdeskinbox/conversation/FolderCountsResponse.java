package io.helpdeskinbox.conversation;

public record FolderCountsResponse(long unassigned, long assigned, long archived, long all) {

    /** All is the sum of the three folders. */
    public static FolderCountsResponse of(long unassigned, long assigned, long archived) {
        return new FolderCountsResponse(unassigned, assigned, archived, unassigned + assigned + archived);
    }
}
