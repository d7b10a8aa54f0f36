package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.ConversationNotFoundException;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.web.CursorPages;
import io.helpdeskinbox.web.PageResponse;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Window;
import org.springframework.http.MediaType;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/conversations/{id}/events}: a conversation's timeline, oldest first. */
@Tag(name = "Conversations")
@RestController
class TimelineController {

    private static final Map<String, Class<?>> BY_ID = Map.of("id", Long.class);

    private final TimelineEntryRepository entries;
    private final ConversationRepository conversations;

    TimelineController(TimelineEntryRepository entries, ConversationRepository conversations) {
        this.entries = entries;
        this.conversations = conversations;
    }

    @Operation(operationId = "listConversationTimeline",
            summary = "Read a conversation's timeline",
            description = "Every transition of the conversation, oldest first: who did what, when, and why (reason).",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping(path = "/api/v1/conversations/{conversationId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Transactional(readOnly = true)
    public PageResponse<TimelineEntryResponse> timeline(@PathVariable long conversationId,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @PlainText(max = 1000) String cursor) {
        if (!conversations.existsById(conversationId)) {
            throw new ConversationNotFoundException(conversationId);
        }
        String scope = "events:" + conversationId;
        Window<TimelineEntry> window = entries.findByConversationIdOrderByIdAsc(conversationId,
                CursorPages.position(cursor, scope, BY_ID), Limit.of(limit));
        return CursorPages.page(window, scope, TimelineEntryResponse::of);
    }
}
