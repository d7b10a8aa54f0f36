package io.helpdeskinbox.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.TestDatabase;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Data from before routing keeps working after its migration (issue 36): an inbox written by an
 * older schema, migrated by the app at start, shows its conversations with no team, NORMAL and no
 * required skills, its agents with no skills and no teams, and the engine serves its queue as before.
 */
class RoutingMigrationIT {

    @Test
    void anInboxFromBeforeRoutingIsServedUnchangedAfterTheMigration() {
        TestDatabase.Coordinates database = TestDatabase.another();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.url(), database.username(),
                database.password());
        // the schema before the outbox's first tick (V5), which counts the rows it finds: the totals stay exact
        Flyway.configure().dataSource(dataSource).target("4").load().migrate();
        JdbcClient old = JdbcClient.create(dataSource);
        old.sql("""
                insert into agent (name, email, availability, created_at, updated_at)
                values ('Old Olga', 'olga@example.com', 'ONLINE', now(), now())""").update();
        old.sql("""
                insert into conversation (status, visitor_name, channel, waiting_for_agent, waiting_since, created_at,
                                          updated_at)
                values ('UNASSIGNED', 'Old visitor', 'web', true, now(), now(), now())""").update();

        try (SecondInstance migrated = new SecondInstance(Map.of("spring.datasource.url", database.url()))) {
            InboxClient inbox = migrated.client();
            migrated.awaitQueueServed();

            JsonNode conversation = inbox.get("/api/v1/conversations").get("items").get(0);
            assertThat(conversation.get("team").isNull()).isTrue();
            assertThat(conversation.get("priority").asString()).isEqualTo("NORMAL");
            assertThat(conversation.get("requiredSkills")).isEmpty();
            JsonNode agent = inbox.get("/api/v1/agents").get("items").get(0);
            assertThat(agent.get("skills")).isEmpty();
            assertThat(agent.get("teams")).isEmpty();

            // the engine serves the old queue as before, once asked (a new arrival, here)
            inbox.startWaitingConversation("New visitor");
            assertThat(inbox.get("/api/v1/conversations?folder=assigned").get("items")).hasSize(2);
            JsonNode report = inbox.consistencyReport();
            assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
        }
    }
}
