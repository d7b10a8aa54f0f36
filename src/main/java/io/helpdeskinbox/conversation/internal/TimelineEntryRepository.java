package io.helpdeskinbox.conversation.internal;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.repository.Repository;

interface TimelineEntryRepository extends Repository<TimelineEntry, Long> {

    Window<TimelineEntry> findByConversationIdOrderByIdAsc(long conversationId, ScrollPosition position, Limit limit);
}
