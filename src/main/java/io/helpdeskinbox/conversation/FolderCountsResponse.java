package io.helpdeskinbox.conversation;

public record FolderCountsResponse(long unassigned, long assigned, long archived, long all) {
}
