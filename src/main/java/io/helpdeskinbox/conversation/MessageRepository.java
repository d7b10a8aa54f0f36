package io.helpdeskinbox.conversation;

import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MessageRepository extends JpaRepository<Message, Long> {

    Window<Message> findByConversationIdOrderByIdAsc(long conversationId, ScrollPosition position, Limit limit);
}
