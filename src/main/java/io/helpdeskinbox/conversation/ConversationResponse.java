package io.helpdeskinbox.conversation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

public record ConversationResponse(
        @Schema(example = "4812") long id,
        ConversationStatus status,
        VisitorResponse visitor,
        @Schema(example = "web") String channel,
        @Schema(example = "Refund for order 4411") String subject,
        boolean waitingForAgent,
        AssigneeResponse assignee,
        @Schema(example = "2026-11-25T10:15:30Z") Instant waitingSince,
        @Schema(example = "2026-11-25T10:16:02Z") Instant lastMessageAt,
        @Schema(example = "2026-11-25T10:15:31Z") Instant assignedAt,
        @Schema(example = "2026-11-25T10:42:10Z") Instant archivedAt,
        @Schema(example = "2026-11-25T10:15:30Z") Instant createdAt,
        @Schema(example = "2026-11-25T10:16:02Z") Instant updatedAt,
        @Schema(example = "3") long version) {

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
