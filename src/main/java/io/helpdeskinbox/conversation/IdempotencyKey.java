package io.helpdeskinbox.conversation;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;

/** An {@code Idempotency-Key} already used to create a conversation, and what it created. */
@Entity
@Table(name = "conversation_idempotency_key")
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class IdempotencyKey {

    @Id
    private String idempotencyKey;

    private String requestFingerprint;

    private Long conversationId;

    private Instant createdAt;
}
