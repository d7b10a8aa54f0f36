package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.ConversationIntake;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationRouting;
import io.helpdeskinbox.conversation.CreateConversationRequest;
import io.helpdeskinbox.conversation.CreatedConversation;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.conversation.MessageResponse;
import io.helpdeskinbox.conversation.RouteConversationRequest;
import io.helpdeskinbox.web.IfMatch;
import io.helpdeskinbox.web.PageResponse;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Conversations as the folders show them, and new ones. The actions that move a conversation
 * between folders, and its messages, are the assignment module's
 * ({@code io.helpdeskinbox.assignment.internal.ConversationActionsController}); its timeline is the events module's.
 */
@Tag(name = "Conversations")
@RestController
@RequestMapping(path = "/api/v1/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
class ConversationController {

    private final ConversationIntake intake;
    private final ConversationFolders folders;
    private final ConversationRouting routing;

    ConversationController(ConversationIntake intake, ConversationFolders folders, ConversationRouting routing) {
        this.intake = intake;
        this.folders = folders;
        this.routing = routing;
    }

    /** A retry with the same {@code Idempotency-Key} and body returns the conversation the first call created. */
    @Operation(operationId = "startConversation",
            summary = "Start a conversation",
            description = "A visitor starts a conversation (through a bot, a widget or a partner's system): it enters "
                    + "Unassigned, and auto-assignment serves it when waitingForAgent is true. A retry with the same "
                    + "Idempotency-Key and body returns the first call's conversation, with Idempotent-Replayed: true.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "INTEGRATION"}))
    @ApiResponse(responseCode = "201", description = "Created, or replayed for a retry with the same Idempotency-Key",
            useReturnTypeSchema = true, headers = {
                    @Header(name = "Location", required = true, description = "The conversation's URL",
                            schema = @Schema(type = "string", format = "uri-reference")),
                    @Header(name = "ETag", required = true, description = "W/\"<version>\", for If-Match",
                            schema = @Schema(type = "string")),
                    @Header(name = "Idempotent-Replayed", required = true,
                            description = "true when an earlier call with this Idempotency-Key created it",
                            schema = @Schema(type = "boolean"))})
    @PostMapping
    ResponseEntity<ConversationResponse> create(@Valid @RequestBody CreateConversationRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Pattern(regexp = "[\\x21-\\x7E]{1,200}", message = "must be 1 to 200 visible ASCII characters") String idempotencyKey) {
        CreatedConversation created = intake.create(request, idempotencyKey);
        ConversationResponse conversation = created.conversation();
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + conversation.id()))
                .eTag(conversation.etag())
                .header("Idempotent-Replayed", String.valueOf(created.replayed()))
                .body(conversation);
    }

    @Operation(operationId = "listConversations",
            summary = "List a folder's conversations",
            description = "One page of a folder (unassigned, assigned, archived or all), optionally only one agent's or "
                    + "only those waiting for an agent. Unassigned is in queue order (waiting longest first), the "
                    + "others most recently updated first. Follow nextCursor for the next page.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping
    PageResponse<ConversationResponse> list(
            @Parameter(description = "Folders are named in lower case, as the API returns them (fromFolder, toFolder)",
                    schema = @Schema(type = "string", allowableValues = {"unassigned", "assigned", "archived", "all"},
                            defaultValue = "all"))
            @RequestParam(defaultValue = "all") Folder folder,
            @RequestParam(required = false) Long assigneeId,
            @Parameter(description = TEAM_FILTER, schema = @Schema(type = "string", pattern = "^([0-9]{1,18}|none)$"))
            @RequestParam(required = false) TeamFilter teamId,
            @RequestParam(required = false) Boolean waitingForAgent,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @PlainText(max = 1000) String cursor) {
        return folders.list(folder, assigneeId, teamId, waitingForAgent, limit, cursor);
    }

    private static final String TEAM_FILTER = "Only one team's conversations (its id), or with none those of the global "
            + "queue (no team)";

    @Operation(operationId = "countConversations",
            summary = "Count the conversations in each folder",
            description = "Exact at the instant it is read; with assigneeId, only that agent's conversations; with "
                    + "teamId, only that team's (or, with none, the global queue's).",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping("/counts")
    FolderCountsResponse counts(@RequestParam(required = false) Long assigneeId,
            @Parameter(description = TEAM_FILTER, schema = @Schema(type = "string", pattern = "^([0-9]{1,18}|none)$"))
            @RequestParam(required = false) TeamFilter teamId) {
        return folders.counts(assigneeId, teamId);
    }

    @Operation(operationId = "routeConversation",
            summary = "Route a conversation: its team, priority and required skills",
            description = "A JSON merge-patch: absent members stay, null clears (no team, NORMAL, no skills). Its folder "
                    + "and assignee stay: only auto-assignment looks at routing, so an assignee who no longer fits "
                    + "keeps it. If-Match makes it conditional on the version the caller saw.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @PatchMapping(path = "/{conversationId}", consumes = {"application/merge-patch+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<ConversationResponse> route(@PathVariable long conversationId,
            @Valid @RequestBody RouteConversationRequest patch,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(routing.route(conversationId, patch, ExpectedVersion.of(IfMatch.versions(ifMatch))));
    }

    @Operation(operationId = "getConversation",
            summary = "Read a conversation",
            description = "The ETag is the conversation's version: send it as If-Match on an action to act only on what you"
                    + " saw.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping("/{conversationId}")
    ResponseEntity<ConversationResponse> get(@PathVariable long conversationId) {
        return withEtag(folders.get(conversationId));
    }

    @Operation(operationId = "listConversationMessages",
            summary = "List a conversation's messages",
            description = "Oldest first, one page at a time.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping("/{conversationId}/messages")
    PageResponse<MessageResponse> messages(@PathVariable long conversationId,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @PlainText(max = 1000) String cursor) {
        return folders.messages(conversationId, limit, cursor);
    }

    private static ResponseEntity<ConversationResponse> withEtag(ConversationResponse conversation) {
        return ResponseEntity.ok().eTag(conversation.etag()).body(conversation);
    }
}
