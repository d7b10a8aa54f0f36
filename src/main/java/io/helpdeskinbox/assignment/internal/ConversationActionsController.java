package io.helpdeskinbox.assignment.internal;

import io.helpdeskinbox.assignment.AssignmentService;
import io.helpdeskinbox.assignment.ConversationMessages;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.helpdeskinbox.conversation.MessageResponse;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.web.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The actions on a conversation: each answers with the conversation as it committed and its
 * {@code ETag}; {@code If-Match} makes it conditional on the version the caller saw.
 */
@Tag(name = "Conversations")
@RestController
@RequestMapping(path = "/api/v1/conversations/{conversationId}", produces = MediaType.APPLICATION_JSON_VALUE)
class ConversationActionsController {

    private final AssignmentService assignment;
    private final ConversationMessages messages;

    ConversationActionsController(AssignmentService assignment, ConversationMessages messages) {
        this.assignment = assignment;
        this.messages = messages;
    }

    @Operation(operationId = "assignConversation",
            summary = "Assign a conversation to an agent",
            description = "UNASSIGNED to ASSIGNED, to any active agent (ONLINE or not: a hand assignment may go to anyone "
                    + "active); the agent's counter grows in the same transaction. Held by another agent: 409, it never"
                    + " steals; already held by that agent: 200 and nothing changes.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @PostMapping("/assign")
    ResponseEntity<ConversationResponse> assign(@PathVariable long conversationId,
            @Valid @RequestBody AssignRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.assign(conversationId, request.agentId(), ExpectedVersion.of(IfMatch.versions(ifMatch))));
    }

    @Operation(operationId = "transferConversation",
            summary = "Transfer a conversation to another agent or to a team",
            description = "With agentId: ASSIGNED to another active agent, one counter down, the other up, in the same "
                    + "transaction. With teamId: to that team's queue (UNASSIGNED, waiting for one of its agents; from "
                    + "ASSIGNED the agent's counter goes down, and it is not given straight back to that agent), reason "
                    + "TRANSFERRED_TO_TEAM; an archived one: 409.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @PostMapping("/transfer")
    ResponseEntity<ConversationResponse> transfer(@PathVariable long conversationId,
            @Valid @RequestBody TransferRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        ExpectedVersion expected = ExpectedVersion.of(IfMatch.versions(ifMatch));
        return withEtag(request.teamId() != null
                ? assignment.transferToTeam(conversationId, request.teamId(), expected)
                : assignment.transfer(conversationId, request.agentId(), expected));
    }

    @Operation(operationId = "unassignConversation",
            summary = "Put a conversation back in the queue",
            description = "ASSIGNED to UNASSIGNED, back into the queue; auto-assignment does not give it straight back to "
                    + "the same agent.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @PostMapping("/unassign")
    ResponseEntity<ConversationResponse> unassign(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.unassign(conversationId, ExpectedVersion.of(IfMatch.versions(ifMatch))));
    }

    @Operation(operationId = "archiveConversation",
            summary = "Archive a conversation",
            description = "UNASSIGNED or ASSIGNED to ARCHIVED; the assignee's counter goes down in the same transaction.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @PostMapping("/archive")
    ResponseEntity<ConversationResponse> archive(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.archive(conversationId, ExpectedVersion.of(IfMatch.versions(ifMatch))));
    }

    @Operation(operationId = "reopenConversation",
            summary = "Reopen an archived conversation",
            description = "ARCHIVED to UNASSIGNED, then auto-assignment as the reopen policy says: back to the agent who "
                    + "handled it when that agent can take it, or the queue.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @PostMapping("/reopen")
    ResponseEntity<ConversationResponse> reopen(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.reopen(conversationId, ExpectedVersion.of(IfMatch.versions(ifMatch))));
    }

    @Operation(operationId = "requestHandoff",
            summary = "Ask for a human agent",
            description = "The bot hands the visitor over: waitingForAgent becomes true and auto-assignment serves the "
                    + "queue, oldest waiting first.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @PostMapping("/handoff")
    ResponseEntity<ConversationResponse> handoff(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.requestHandoff(conversationId, ExpectedVersion.of(IfMatch.versions(ifMatch))));
    }

    @Operation(operationId = "postConversationMessage",
            summary = "Write a message in a conversation",
            description = "As the visitor or the bot (integrations, the admin), or as an agent: an agent writes as itself, "
                    + "the admin names the agent, and only the assignee may write (else 409). A visitor writing to an "
                    + "archived conversation reopens it.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @ApiResponse(responseCode = "201", description = "Written", useReturnTypeSchema = true)
    @PostMapping("/messages")
    ResponseEntity<MessageResponse> postMessage(@PathVariable long conversationId,
            @Valid @RequestBody PostMessageRequest request, @AuthenticationPrincipal InboxPrincipal caller) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(messages.post(conversationId, request.author(), request.writingAgent(caller), request.text()));
    }

    private static ResponseEntity<ConversationResponse> withEtag(ConversationResponse conversation) {
        return ResponseEntity.ok().eTag(conversation.etag()).body(conversation);
    }
}
