package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.ConversationResponse;
import io.helpdeskinbox.conversation.ConversationStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * The inbox's folders: one per status, plus All. Each has its order, and a cursor made of the sort
 * keys of a page's last item (a time and the id).
 */
public enum Folder {
    /** The queue: waiting longest first (every Unassigned conversation has a waiting_since). */
    UNASSIGNED(ConversationStatus.UNASSIGNED, "waitingSince", "c.waiting_since", ConversationResponse::waitingSince,
            true),
    ASSIGNED(ConversationStatus.ASSIGNED, "updatedAt", "c.updated_at", ConversationResponse::updatedAt, false),
    ARCHIVED(ConversationStatus.ARCHIVED, "updatedAt", "c.updated_at", ConversationResponse::updatedAt, false),
    ALL(null, "updatedAt", "c.updated_at", ConversationResponse::updatedAt, false);

    private final ConversationStatus status;
    private final String timeKey;
    private final String timeColumn;
    private final Function<ConversationResponse, Instant> time;
    private final boolean oldestFirst;
    private final Map<String, Class<?>> cursorKeys;

    Folder(ConversationStatus status, String timeKey, String timeColumn, Function<ConversationResponse, Instant> time,
            boolean oldestFirst) {
        this.status = status;
        this.timeKey = timeKey;
        this.timeColumn = timeColumn;
        this.time = time;
        this.oldestFirst = oldestFirst;
        this.cursorKeys = Map.of(timeKey, Instant.class, "id", Long.class);
    }

    /** @return the status of its conversations; null for All */
    ConversationStatus status() {
        return status;
    }

    /** The name of the time in its cursors: {@code waitingSince} or {@code updatedAt}. */
    String timeKey() {
        return timeKey;
    }

    /** The time a page's item is sorted by, which its cursor carries. */
    Instant timeOf(ConversationResponse item) {
        return time.apply(item);
    }

    /** Its order, as SQL on the conversation aliased {@code c}; the indexes follow it. */
    String orderBy() {
        return oldestFirst ? timeColumn + ", c.id" : timeColumn + " desc, c.id desc";
    }

    /** The conversations after a cursor's item ({@code :afterTime}, {@code :afterId}), as SQL. */
    String after() {
        return "(" + timeColumn + ", c.id) " + (oldestFirst ? ">" : "<") + " (:afterTime, :afterId)";
    }

    Map<String, Class<?>> cursorKeys() {
        return cursorKeys;
    }

    String cursorScope() {
        return "conversations:" + name();
    }

    /** Folders appear in URLs in lower case: {@code ?folder=unassigned}. */
    @Component
    static class FromQueryParameter implements Converter<String, Folder> {

        @Override
        public Folder convert(String source) {
            return Folder.valueOf(source.trim().toUpperCase(Locale.ROOT));
        }
    }
}
