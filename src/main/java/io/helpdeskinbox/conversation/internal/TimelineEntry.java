package io.helpdeskinbox.conversation.internal;

import io.helpdeskinbox.conversation.ConversationEventType;
import io.helpdeskinbox.conversation.EventReason;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/**
 * One entry of a conversation's timeline: what happened, by whom, why and when. Written with the
 * change's outbox event, in the statement that records it ({@code ConversationStatements} writes
 * this module's part); kept for good, where outbox events are pruned once delivered.
 */
@Entity
@Table(name = "conversation_event")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
class TimelineEntry {

    @Id
    private Long id;

    private long conversationId;

    @Enumerated(EnumType.STRING)
    private ConversationEventType type;

    private Long agentId;

    private Long previousAgentId;

    @Enumerated(EnumType.STRING)
    private EventReason reason;

    private String actor;

    private Instant at;
}
