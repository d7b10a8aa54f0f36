package io.helpdeskinbox.conversation;

import io.helpdeskinbox.agent.Skills;
import io.helpdeskinbox.agent.TeamSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

public record ConversationResponse(
        @Schema(example = "4812") long id,
        ConversationStatus status,
        VisitorResponse visitor,
        @Schema(example = "web", nullable = true) String channel,
        @Schema(example = "Refund for order 4411", nullable = true) String subject,
        boolean waitingForAgent,
        @Schema(nullable = true, description = "who holds it: null while Unassigned; an Archived conversation keeps "
                + "the agent who handled it")
        AssigneeResponse assignee,
        @Schema(example = "2026-11-25T10:15:30Z", nullable = true, description = "since when it waits in the queue: "
                + "set while Unassigned, null otherwise")
        Instant waitingSince,
        @Schema(example = "2026-11-25T10:16:02Z", nullable = true, description = "null until its first message")
        Instant lastMessageAt,
        @Schema(example = "2026-11-25T10:15:31Z", nullable = true, description = "null until it is first assigned")
        Instant assignedAt,
        @Schema(example = "2026-11-25T10:42:10Z", nullable = true, description = "set while Archived, null otherwise")
        Instant archivedAt,
        @Schema(example = "2026-11-25T10:15:30Z") Instant createdAt,
        @Schema(example = "2026-11-25T10:16:02Z") Instant updatedAt,
        @Schema(example = "3") long version,
        @Schema(nullable = true, description = "the team whose agents may take it automatically; null: the global "
                + "queue") TeamSummary team,
        @Schema(description = "the queue serves URGENT first, then by waiting time") Priority priority,
        @Schema(example = "[\"billing\", \"es\"]", description = "auto-assignment gives it only to an agent holding "
                + "all of them") List<String> requiredSkills) {

    public record VisitorResponse(String name, @Schema(nullable = true) String email,
            @Schema(nullable = true) String externalId) {
    }

    public record AssigneeResponse(long id, String name) {
    }

    public static ConversationResponse of(Conversation c) {
        Visitor v = c.getVisitor();
        AssigneeResponse assignee = c.getAssignee() == null
                ? null
                : new AssigneeResponse(c.getAssignee().getId(), c.getAssignee().getName());
        Routing routing = c.routing();
        TeamSummary team = routing.team() == null ? null
                : new TeamSummary(routing.team().getId(), routing.team().getName());
        return new ConversationResponse(c.getId(), c.getStatus(), new VisitorResponse(v.name(), v.email(), v.externalId()),
                c.getChannel(), c.getSubject(), c.isWaitingForAgent(), assignee, c.getWaitingSince(),
                c.getLastMessageAt(), c.getAssignedAt(), c.getArchivedAt(), c.getCreatedAt(), c.getUpdatedAt(),
                c.getVersion(), team, routing.priority(), routing.requiredSkills());
    }

    /**
     * The response of a conversation row as PostgreSQL's {@code to_jsonb} writes it (the table's
     * column names; instants in ISO-8601 with the session's offset), with the assignee's name added
     * as {@code assignee_name} and its team's as {@code team_name}. The one-statement transitions return
     * their changed row in this form,
     * and every event stores its conversation so ({@link #asRow}), shaped into this response only where
     * it is delivered:
     * building the API's JSON inside a statement that holds the row locks cost a fifth of its
     * throughput (BENCHMARKS.md).
     */
    public static ConversationResponse ofRow(JsonNode row) {
        Long assigneeId = number(row, "assignee_id");
        Long teamId = number(row, "team_id");
        String priority = text(row, "priority"); // absent from events stored before routing: NORMAL, as the migration
        List<String> requiredSkills = new ArrayList<>();
        JsonNode skills = row.get("required_skills");
        if (skills != null && skills.isArray()) {
            skills.forEach(skill -> requiredSkills.add(skill.stringValue()));
        }
        return new ConversationResponse(row.get("id").asLong(), ConversationStatus.valueOf(row.get("status").stringValue()),
                new VisitorResponse(text(row, "visitor_name"), text(row, "visitor_email"), text(row, "visitor_external_id")),
                text(row, "channel"), text(row, "subject"), row.get("waiting_for_agent").asBoolean(),
                assigneeId == null ? null : new AssigneeResponse(assigneeId, text(row, "assignee_name")),
                instant(row, "waiting_since"), instant(row, "last_message_at"), instant(row, "assigned_at"),
                instant(row, "archived_at"), instant(row, "created_at"), instant(row, "updated_at"),
                row.get("version").asLong(), teamId == null ? null : new TeamSummary(teamId, text(row, "team_name")),
                priority == null ? Priority.NORMAL : Priority.valueOf(priority), List.copyOf(requiredSkills));
    }

    /**
     * This conversation as its row, in the form {@link #ofRow} reads (the columns {@code to_jsonb}
     * writes, with {@code assignee_name} and {@code team_name}): the one form the outbox stores a
     * conversation in, whichever
     * way it changed.
     */
    public Map<String, Object> asRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("status", status.name());
        row.put("visitor_name", visitor.name());
        row.put("visitor_email", visitor.email());
        row.put("visitor_external_id", visitor.externalId());
        row.put("channel", channel);
        row.put("subject", subject);
        row.put("waiting_for_agent", waitingForAgent);
        row.put("assignee_id", assignee == null ? null : assignee.id());
        row.put("assignee_name", assignee == null ? null : assignee.name());
        row.put("waiting_since", waitingSince);
        row.put("last_message_at", lastMessageAt);
        row.put("assigned_at", assignedAt);
        row.put("archived_at", archivedAt);
        row.put("created_at", createdAt);
        row.put("updated_at", updatedAt);
        row.put("version", version);
        row.put("team_id", team == null ? null : team.id());
        row.put("team_name", team == null ? null : team.name());
        row.put("priority", priority.name());
        row.put("required_skills", requiredSkills);
        return row;
    }

    private static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.stringValue();
    }

    private static Long number(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asLong();
    }

    private static Instant instant(JsonNode row, String column) {
        String value = text(row, column);
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    /** The weak entity tag of this version, as sent in {@code ETag} and expected in {@code If-Match}. */
    public String etag() {
        return "W/\"" + version + "\"";
    }
}
