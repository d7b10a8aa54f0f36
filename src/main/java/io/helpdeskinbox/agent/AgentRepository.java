package io.helpdeskinbox.agent;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface AgentRepository extends JpaRepository<Agent, Long> {

    @Query("select count(a) > 0 from Agent a where lower(a.email) = lower(:email) and a.active = true and a.id <> :exceptId")
    boolean isEmailUsedByAnotherActiveAgent(String email, long exceptId);
}
