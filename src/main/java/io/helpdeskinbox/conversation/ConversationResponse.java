package io.helpdeskinbox.conversation;

import java.time.Instant;

public record ConversationResponse(
        long id,
        ConversationStatus status,
        VisitorResponse visitor,
        String channel,
        String subject,
        boolean waitingForAgent,
        AssigneeResponse assignee,
        Instant waitingSince,
        Instant lastMessageAt,
        Instant assignedAt,
        Instant archivedAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public record VisitorResponse(String name, String email, String externalId) {
    }

    public record AssigneeResponse(long id, String name) {
    }

    public static ConversationResponse of(Conversation c) {
        Visitor v = c.getVisitor();
        AssigneeResponse assignee = c.getAssignee() == null
                ? null
                : new AssigneeResponse(c.getAssignee().getId(), c.getAssignee().getName());
        return new ConversationResponse(c.getId(), c.getStatus(), new VisitorResponse(v.name(), v.email(), v.externalId()),
                c.getChannel(), c.getSubject(), c.isWaitingForAgent(), assignee, c.getWaitingSince(),
                c.getLastMessageAt(), c.getAssignedAt(), c.getArchivedAt(), c.getCreatedAt(), c.getUpdatedAt(),
                c.getVersion());
    }

    /** The weak entity tag of this version, as sent in {@code ETag} and expected in {@code If-Match}. */
    public String etag() {
        return "W/\"" + version + "\"";
    }
}
