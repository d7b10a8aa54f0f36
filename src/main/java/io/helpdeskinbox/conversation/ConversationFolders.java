package io.helpdeskinbox.conversation;

import io.helpdeskinbox.web.CursorPages;
import io.helpdeskinbox.web.PageResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side of the inbox: folder pages, folder counts, one conversation and its messages.
 * Entity reads run in one read-only transaction each, so the assignees of a page load in one batch;
 * the folder counts are one plain statement on an autocommit connection, with no transaction to
 * begin or commit.
 */
@Service
public class ConversationFolders {

    private static final Map<String, Class<?>> BY_ID = Map.of("id", Long.class);

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final FolderTotals totals;

    ConversationFolders(ConversationRepository conversations, MessageRepository messages, FolderTotals totals) {
        this.conversations = conversations;
        this.messages = messages;
        this.totals = totals;
    }

    @Transactional(readOnly = true)
    public PageResponse<ConversationResponse> list(Folder folder, Long assigneeId, Boolean waitingForAgent, int limit,
            String cursor) {
        Specification<Conversation> filter = folder.contents()
                .and(assigneeId == null ? Specification.unrestricted()
                        : (root, query, cb) -> cb.equal(root.get("assignee").get("id"), assigneeId))
                .and(waitingForAgent == null ? Specification.unrestricted()
                        : (root, query, cb) -> cb.equal(root.get("waitingForAgent"), waitingForAgent));
        ScrollPosition position = CursorPages.position(cursor, folder.cursorScope(), folder.cursorKeys());
        Window<Conversation> window = conversations.findBy(filter,
                q -> q.sortBy(folder.order()).limit(limit).scroll(position));
        return CursorPages.page(window, folder.cursorScope(), ConversationResponse::of);
    }

    /**
     * All folders: the totals kept from the folder moves (no count over a million rows). One
     * assignee's: counted from the assignee index.
     */
    public FolderCountsResponse counts(Long assigneeId) {
        if (assigneeId == null) {
            return totals.now();
        }
        List<ConversationRepository.StatusCount> rows = conversations.countByStatusForAssignee(assigneeId);
        Map<ConversationStatus, Long> byStatus = new EnumMap<>(ConversationStatus.class);
        rows.forEach(row -> byStatus.put(row.getStatus(), row.getCount()));
        return FolderCountsResponse.of(byStatus.getOrDefault(ConversationStatus.UNASSIGNED, 0L),
                byStatus.getOrDefault(ConversationStatus.ASSIGNED, 0L), byStatus.getOrDefault(ConversationStatus.ARCHIVED, 0L));
    }

    @Transactional(readOnly = true)
    public ConversationResponse get(long conversationId) {
        return ConversationResponse.of(find(conversationId));
    }

    @Transactional(readOnly = true)
    public PageResponse<MessageResponse> messages(long conversationId, int limit, String cursor) {
        find(conversationId);
        String scope = "messages:" + conversationId;
        Window<Message> window = messages.findByConversationIdOrderByIdAsc(conversationId,
                CursorPages.position(cursor, scope, BY_ID), Limit.of(limit));
        return CursorPages.page(window, scope, MessageResponse::of);
    }

    private Conversation find(long conversationId) {
        return conversations.findById(conversationId)
                .orElseThrow(() -> new ConversationNotFoundException(conversationId));
    }

}
