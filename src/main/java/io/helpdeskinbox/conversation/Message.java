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

@Entity
@Table(name = "message")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class Message {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long conversationId;

    @Enumerated(EnumType.STRING)
    private MessageAuthor author;

    /** The writing agent, for AGENT messages only. */
    private Long agentId;

    private String text;

    private Instant createdAt;

    public Message(long conversationId, MessageAuthor author, Long agentId, String text, Instant now) {
        this.conversationId = conversationId;
        this.author = author;
        this.agentId = agentId;
        this.text = text;
        this.createdAt = now;
    }
}
