package io.helpdeskinbox.security;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface AccessTokenRepository extends Repository<AccessToken, Long> {

    AccessToken save(AccessToken token);

    /**
     * A token that may be used right now: not revoked and, for an agent, belonging to an active
     * agent. Read on every request, so an agent's deactivation locks it out at once.
     */
    @Query(value = """
            select t.* from access_token t left join agent a on a.id = t.agent_id
            where t.id = :id and t.revoked_at is null and (t.agent_id is null or a.active)""", nativeQuery = true)
    Optional<AccessToken> findUsable(long id);

    /** Of these tokens, the ids of those {@link #findUsable} would find. */
    @Query(value = """
            select t.id from access_token t left join agent a on a.id = t.agent_id
            where t.id in (:ids) and t.revoked_at is null and (t.agent_id is null or a.active)""", nativeQuery = true)
    List<Long> findUsableAmong(Collection<Long> ids);

    @Query("select t from AccessToken t where t.kind = 'INTEGRATION' and t.revokedAt is null order by t.id")
    List<AccessToken> findLiveApiKeys();

    @Modifying
    @Query("update AccessToken t set t.revokedAt = :now where t.id = :id and t.kind = 'INTEGRATION' and t.revokedAt is null")
    int revokeApiKey(long id, Instant now);

    /** The agent's tokens of this kind that are not revoked. */
    @Query("select t.id from AccessToken t where t.agentId = :agentId and t.kind = :kind and t.revokedAt is null")
    List<Long> findLiveTokenIds(long agentId, AccessToken.Kind kind);

    /** The agent's console sessions' tokens that are not revoked. */
    @Query("select t.id from AccessToken t where t.agentId = :agentId and t.kind in ('SESSION', 'ADMIN_SESSION') "
            + "and t.revokedAt is null")
    List<Long> findLiveSessionTokenIds(long agentId);

    @Modifying
    @Query("update AccessToken t set t.revokedAt = :now where t.id in :ids and t.revokedAt is null")
    int revoke(Collection<Long> ids, Instant now);
}
