package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.Conversation;
import io.helpdeskinbox.conversation.ConversationNotFoundException;
import io.helpdeskinbox.conversation.ConversationRepository;
import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.conversation.FolderTotals;
import io.helpdeskinbox.conversation.Message;
import io.helpdeskinbox.conversation.MessageRepository;
import io.helpdeskinbox.conversation.MessageResponse;
import io.helpdeskinbox.conversation.TeamFolderCounts;
import io.helpdeskinbox.infrastructure.CoalescedReads;
import io.helpdeskinbox.web.CursorPages;
import io.helpdeskinbox.web.PageResponse;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Window;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The read side of the inbox: folder pages, folder counts, one conversation and its messages.
 * Folder pages and folder counts are one plain statement each on an autocommit connection, with no
 * transaction to begin or commit (see {@link FolderPages}), and the same page or counts asked for
 * together share one query ({@link CoalescedReads}: every console asks again at once when an event
 * arrives); the other reads load entities in one read-only transaction each.
 */
@Service
public class ConversationFolders implements TeamFolderCounts {

    private static final Map<String, Class<?>> BY_ID = Map.of("id", Long.class);

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final FolderTotals totals;
    private final FolderPages pages;
    private final CoalescedReads<CountsQuery, FolderCountsResponse> countReads;
    private final CoalescedReads<PageQuery, List<ConversationResponse>> pageReads;

    /** Every parameter of a counts read. */
    private record CountsQuery(Long assigneeId, TeamFilter team) {
    }

    /** Every parameter of a folder page's query. */
    private record PageQuery(Folder folder, Long assigneeId, TeamFilter team, Boolean waitingForAgent, int limit,
            Instant afterTime, Long afterId) {
    }

    ConversationFolders(ConversationRepository conversations, MessageRepository messages, FolderTotals totals,
            FolderPages pages) {
        this.conversations = conversations;
        this.messages = messages;
        this.totals = totals;
        this.pages = pages;
        this.countReads = new CoalescedReads<>(query -> countNow(query.assigneeId(), query.team()));
        this.pageReads = new CoalescedReads<>(query -> List.copyOf(pages.read(query.folder(), query.assigneeId(),
                query.team(), query.waitingForAgent(), query.limit(), query.afterTime(), query.afterId())));
    }

    /** A page of a folder: {@code limit} items, and a cursor to the next page when there is one. */
    public PageResponse<ConversationResponse> list(Folder folder, Long assigneeId, TeamFilter team,
            Boolean waitingForAgent, int limit, String cursor) {
        Map<String, Object> after = cursor == null ? null
                : CursorPages.decode(cursor, folder.cursorScope(), folder.cursorKeys());
        List<ConversationResponse> rows = pageReads.read(new PageQuery(folder, assigneeId, team, waitingForAgent, limit,
                after == null ? null : (Instant) after.get(folder.timeKey()),
                after == null ? null : (Long) after.get("id")));
        if (rows.size() <= limit) {
            return new PageResponse<>(rows, null);
        }
        List<ConversationResponse> items = rows.subList(0, limit);
        ConversationResponse last = items.get(limit - 1);
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("id", last.id());
        keys.put(folder.timeKey(), folder.timeOf(last));
        return new PageResponse<>(List.copyOf(items), CursorPages.encode(folder.cursorScope(), keys));
    }

    /**
     * All folders: the totals kept from the folder moves (no count over a million rows). One
     * assignee's or one team's: counted from its index.
     */
    public FolderCountsResponse counts(Long assigneeId, TeamFilter team) {
        return countReads.read(new CountsQuery(assigneeId, team));
    }

    /** Not coalesced: read on the caller's connection, in its transaction's snapshot (the consistency report's). */
    @Override
    public FolderCountsResponse ofTeam(Long teamId) {
        return countNow(null, new TeamFilter(teamId));
    }

    private FolderCountsResponse countNow(Long assigneeId, TeamFilter team) {
        if (assigneeId == null && team == null) {
            return totals.now();
        }
        Map<ConversationStatus, Long> byStatus = pages.countByStatus(assigneeId, team);
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
