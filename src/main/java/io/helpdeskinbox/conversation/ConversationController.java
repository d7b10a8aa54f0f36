package io.helpdeskinbox.conversation;

import io.helpdeskinbox.assignment.AssignmentService;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.web.PageResponse;
import io.helpdeskinbox.web.PlainText;
import io.helpdeskinbox.web.VersionPrecondition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/conversations")
class ConversationController {

    private final AssignmentService assignment;
    private final ConversationFolders folders;

    ConversationController(AssignmentService assignment, ConversationFolders folders) {
        this.assignment = assignment;
        this.folders = folders;
    }

    /** A retry with the same {@code Idempotency-Key} and body returns the conversation the first call created. */
    @PostMapping
    ResponseEntity<ConversationResponse> create(@Valid @RequestBody CreateConversationRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Pattern(regexp = "[\\x21-\\x7E]{1,200}", message = "must be 1 to 200 visible ASCII characters") String idempotencyKey) {
        CreatedConversation created = assignment.create(request, idempotencyKey);
        ConversationResponse conversation = created.conversation();
        return ResponseEntity.created(URI.create("/api/v1/conversations/" + conversation.id()))
                .eTag(conversation.etag())
                .header("Idempotent-Replayed", String.valueOf(created.replayed()))
                .body(conversation);
    }

    @GetMapping
    PageResponse<ConversationResponse> list(@RequestParam(defaultValue = "all") Folder folder,
            @RequestParam(required = false) Long assigneeId, @RequestParam(required = false) Boolean waitingForAgent,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @PlainText(max = 1000) String cursor) {
        return folders.list(folder, assigneeId, waitingForAgent, limit, cursor);
    }

    @GetMapping("/counts")
    FolderCountsResponse counts(@RequestParam(required = false) Long assigneeId) {
        return folders.counts(assigneeId);
    }

    @GetMapping("/{conversationId}")
    ResponseEntity<ConversationResponse> get(@PathVariable long conversationId) {
        return withEtag(folders.get(conversationId));
    }

    @PostMapping("/{conversationId}/assign")
    ResponseEntity<ConversationResponse> assign(@PathVariable long conversationId,
            @Valid @RequestBody AssignRequest request, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.assign(conversationId, request.agentId(), new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/{conversationId}/transfer")
    ResponseEntity<ConversationResponse> transfer(@PathVariable long conversationId,
            @Valid @RequestBody AssignRequest request, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.transfer(conversationId, request.agentId(), new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/{conversationId}/unassign")
    ResponseEntity<ConversationResponse> unassign(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.unassign(conversationId, new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/{conversationId}/archive")
    ResponseEntity<ConversationResponse> archive(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.archive(conversationId, new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/{conversationId}/reopen")
    ResponseEntity<ConversationResponse> reopen(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.reopen(conversationId, new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/{conversationId}/handoff")
    ResponseEntity<ConversationResponse> handoff(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.requestHandoff(conversationId, new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/{conversationId}/messages")
    ResponseEntity<MessageResponse> postMessage(@PathVariable long conversationId,
            @Valid @RequestBody PostMessageRequest request, @AuthenticationPrincipal InboxPrincipal caller) {
        Long writingAgent = request.writingAgent(caller);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(assignment.postMessage(conversationId, request.author(), writingAgent, request.text()));
    }

    @GetMapping("/{conversationId}/messages")
    PageResponse<MessageResponse> messages(@PathVariable long conversationId,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @PlainText(max = 1000) String cursor) {
        return folders.messages(conversationId, limit, cursor);
    }

    @GetMapping("/{conversationId}/events")
    PageResponse<ConversationEventResponse> timeline(@PathVariable long conversationId,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @PlainText(max = 1000) String cursor) {
        return folders.timeline(conversationId, limit, cursor);
    }

    private static ResponseEntity<ConversationResponse> withEtag(ConversationResponse conversation) {
        return ResponseEntity.ok().eTag(conversation.etag()).body(conversation);
    }
}
