package io.helpdeskinbox.conversation;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ConversationEventRepository extends JpaRepository<ConversationEvent, Long> {

    Window<ConversationEvent> findByConversationIdOrderByIdAsc(long conversationId, ScrollPosition position, Limit limit);
}
