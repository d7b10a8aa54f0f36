package io.helpdeskinbox.conversation;

import io.helpdeskinbox.web.PageResponse;
import io.helpdeskinbox.web.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
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
 * ({@code io.helpdeskinbox.assignment.ConversationActionsController}); its timeline is the events module's.
 */
@RestController
@RequestMapping("/api/v1/conversations")
class ConversationController {

    private final ConversationIntake intake;
    private final ConversationFolders folders;

    ConversationController(ConversationIntake intake, ConversationFolders folders) {
        this.intake = intake;
        this.folders = folders;
    }

    /** A retry with the same {@code Idempotency-Key} and body returns the conversation the first call created. */
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
