package io.helpdeskinbox.agent;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface AgentRepository extends JpaRepository<Agent, Long> {

    @Query("select count(a) > 0 from Agent a where lower(a.email) = lower(:email) and a.active = true and a.id <> :exceptId")
    boolean isEmailUsedByAnotherActiveAgent(String email, long exceptId);

    /** By the index {@code agent_email_unique_among_active}: at most one. */
    @Query("select a from Agent a where lower(a.email) = lower(:email) and a.active = true")
    Optional<Agent> findActiveByEmail(String email);
}
