package io.helpdeskinbox.conversation;

/** The folder counts of one team's conversations, as {@code /conversations/counts?teamId=} serves them. */
public interface TeamFolderCounts {

    /** @param teamId the team; null for the global queue (no team) */
    FolderCountsResponse ofTeam(Long teamId);
}
