package io.helpdeskinbox.conversation.internal;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface IdempotencyKeyRepository extends Repository<IdempotencyKey, IdempotencyKey.Key> {

    /**
     * @return 1 when this request is the first with the key. 0 when another request holds it: the
     * insert waits for that request's transaction, so the winner's conversation is then readable.
     */
    @Modifying
    @Query(value = """
            insert into conversation_idempotency_key (caller, idempotency_key, request_fingerprint, created_at)
            values (:caller, :key, :fingerprint, :now) on conflict do nothing""", nativeQuery = true)
    int claim(String caller, String key, String fingerprint, Instant now);

    @Modifying
    @Query(value = """
            update conversation_idempotency_key set conversation_id = :conversationId
            where caller = :caller and idempotency_key = :key""", nativeQuery = true)
    int attach(String caller, String key, long conversationId);

    @Query("select k from IdempotencyKey k where k.caller = :caller and k.idempotencyKey = :key")
    Optional<IdempotencyKey> find(String caller, String key);
}
