package io.helpdeskinbox.conversation;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

/** The inbox's folders: one per status, plus All. */
public enum Folder {
    UNASSIGNED(ConversationStatus.UNASSIGNED, Sort.by("waitingSince", "id").ascending(), "waitingSince"),
    ASSIGNED(ConversationStatus.ASSIGNED, Sort.by("updatedAt", "id").descending(), "updatedAt"),
    ARCHIVED(ConversationStatus.ARCHIVED, Sort.by("updatedAt", "id").descending(), "updatedAt"),
    ALL(null, Sort.by("updatedAt", "id").descending(), "updatedAt");

    private final ConversationStatus status;
    private final Sort order;
    private final Map<String, Class<?>> cursorKeys;

    Folder(ConversationStatus status, Sort order, String timeKey) {
        this.status = status;
        this.order = order;
        this.cursorKeys = Map.of(timeKey, Instant.class, "id", Long.class);
    }

    /** Unassigned is the queue: waiting longest first. The others: most recently updated first. */
    Sort order() {
        return order;
    }

    Map<String, Class<?>> cursorKeys() {
        return cursorKeys;
    }

    String cursorScope() {
        return "conversations:" + name();
    }

    Specification<Conversation> contents() {
        return status == null
                ? Specification.unrestricted()
                : (root, query, cb) -> cb.equal(root.get("status"), status);
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
