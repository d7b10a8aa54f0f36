package io.helpdeskinbox.conversation;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/** One entry of a conversation's timeline, written in the transaction of the change it records. */
@Entity
@Table(name = "conversation_event")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class ConversationEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
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

    public ConversationEvent(long conversationId, ConversationEventType type, Long agentId, Long previousAgentId,
            EventReason reason, String actor, Instant at) {
        this.conversationId = conversationId;
        this.type = type;
        this.agentId = agentId;
        this.previousAgentId = previousAgentId;
        this.reason = reason;
        this.actor = actor;
        this.at = at;
    }
}
