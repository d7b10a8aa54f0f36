package io.helpdeskinbox.security.internal;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who a person the identity provider vouches for is here: the active agent with that email (emails
 * are unique among active agents, whatever their case). Read by SQL: the agent module depends on
 * this one, not the other way.
 */
@Repository
class ProviderPeople {

    private final JdbcClient jdbc;

    ProviderPeople(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Person(long agentId, String name) {
    }

    Optional<Person> activeAgent(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select id, name from agent where lower(email) = lower(?) and active")
                .param(email.strip())
                .query((rs, row) -> new Person(rs.getLong("id"), rs.getString("name")))
                .optional();
    }
}
