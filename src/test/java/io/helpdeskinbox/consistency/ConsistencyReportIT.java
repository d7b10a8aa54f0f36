package io.helpdeskinbox.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The consistency report catches what it is there to catch: every other test sees it say
 * consistent, so here the database is corrupted behind the app's back, one way at a time.
 */
class ConsistencyReportIT extends InboxIntegrationTest {

    @Test
    void aCounterThatDriftedFromItsConversationsIsReported() {
        long ana = inbox.createAgent("Ana Beltrán", "ana.beltran@example.com");
        inbox.assign(inbox.startConversation("Cristóbal Villar"), ana);
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();

        jdbc.sql("update agent set active_conversations = active_conversations + 2 where id = :id").param("id", ana).update();

        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).isFalse();
        assertThat(report.get("counterDrift")).singleElement().satisfies(drift -> {
            assertThat(drift.get("agentId").asLong()).isEqualTo(ana);
            assertThat(drift.get("counter").asInt()).isEqualTo(3);
            assertThat(drift.get("assignedConversations").asLong()).isEqualTo(1);
        });
    }

    @Test
    void aConversationHeldByAnInactiveAgentIsReported() {
        long ana = inbox.createAgent("Ana Beltrán", "ana.beltran@example.com");
        inbox.assign(inbox.startConversation("Cristóbal Villar"), ana);

        // the schema lets an inactive agent hold nothing by its counter (agent_inactive_holds_nothing),
        // so the corruption zeroes the counter too: the conversation is still the agent's
        jdbc.sql("update agent set active = false, active_conversations = 0 where id = :id").param("id", ana).update();

        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).isFalse();
        assertThat(report.get("assignedToInactiveAgents").asLong()).isEqualTo(1);
        assertThat(report.get("counterDrift")).singleElement()
                .satisfies(drift -> assertThat(drift.get("assignedConversations").asLong()).isEqualTo(1));
    }

    @Test
    void folderTotalsThatDriftedFromTheConversationsAreReported() {
        inbox.startConversation("Cristóbal Villar");
        awaitEverythingTicked();

        jdbc.sql("update outbox_tick set unassigned = unassigned + 1 where id = (select max(id) from outbox_tick)").update();

        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).isFalse();
        assertThat(report.get("folderCounts").get("unassigned").asLong()).isEqualTo(1);
        assertThat(report.get("storedFolderCounts").get("unassigned").asLong()).isEqualTo(2);
    }
}
