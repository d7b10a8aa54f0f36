package io.helpdeskinbox.assignment;

import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.MessageResponse;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.web.VersionPrecondition;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
@RestController
@RequestMapping("/api/v1/conversations/{conversationId}")
class ConversationActionsController {

    private final AssignmentService assignment;
    private final ConversationMessages messages;

    ConversationActionsController(AssignmentService assignment, ConversationMessages messages) {
        this.assignment = assignment;
        this.messages = messages;
    }

    @PostMapping("/assign")
    ResponseEntity<ConversationResponse> assign(@PathVariable long conversationId,
            @Valid @RequestBody AssignRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.assign(conversationId, request.agentId(), new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/transfer")
    ResponseEntity<ConversationResponse> transfer(@PathVariable long conversationId,
            @Valid @RequestBody AssignRequest request,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.transfer(conversationId, request.agentId(), new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/unassign")
    ResponseEntity<ConversationResponse> unassign(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.unassign(conversationId, new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/archive")
    ResponseEntity<ConversationResponse> archive(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.archive(conversationId, new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/reopen")
    ResponseEntity<ConversationResponse> reopen(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.reopen(conversationId, new VersionPrecondition(ifMatch)));
    }

    @PostMapping("/handoff")
    ResponseEntity<ConversationResponse> handoff(@PathVariable long conversationId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withEtag(assignment.requestHandoff(conversationId, new VersionPrecondition(ifMatch)));
    }

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
