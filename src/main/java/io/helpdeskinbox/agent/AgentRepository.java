package io.helpdeskinbox.agent;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface AgentRepository extends JpaRepository<Agent, Long> {

    /**
     * Straight into the response: the list is read far more often than anything else about agents,
     * and building hundreds of managed entities (a snapshot each, for dirty checking nobody needs)
     * cost more than the query.
     */
    @Query("""
            select new io.helpdeskinbox.agent.AgentResponse(a.id, a.name, a.email, a.availability, a.capacity,
                   a.activeConversations, a.active, a.present, a.lastSeenAt, a.createdAt)
            from Agent a
            where (:availability is null or a.availability = :availability)
              and (:includeInactive = true or a.active = true)
            order by a.id""")
    List<AgentResponse> findForListing(Availability availability, boolean includeInactive);

    @Query("select count(a) > 0 from Agent a where lower(a.email) = lower(:email) and a.active = true and a.id <> :exceptId")
    boolean isEmailUsedByAnotherActiveAgent(String email, long exceptId);
}
