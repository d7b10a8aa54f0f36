package io.helpdeskinbox.conversation.internal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/** An {@code Idempotency-Key} a caller already used to create a conversation, and what it created. */
@Entity
@Table(name = "conversation_idempotency_key")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
@IdClass(IdempotencyKey.Key.class)
public class IdempotencyKey {

    /** Keys are the caller's own: the same key from two partners names two different requests. */
    public record Key(String caller, String idempotencyKey) implements Serializable {
    }

    @Id
    private String caller;

    @Id
    private String idempotencyKey;

    private String requestFingerprint;

    private Long conversationId;

    private Instant createdAt;
}
