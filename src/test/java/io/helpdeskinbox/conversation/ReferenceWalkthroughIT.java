package io.helpdeskinbox.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** The contract's reference scenario, step by step, over HTTP. */
class ReferenceWalkthroughIT extends InboxIntegrationTest {

    @Test
    void aVisitorsConversationMovesFromUnassignedToAssignedToArchivedWithTheAgentCounterFollowing() {
        JsonNode created = inbox.post("/api/v1/conversations",
                Map.of("visitor", Map.of("name", "Cristóbal Villar"), "message", "Hola, ¿me ayudáis?"),
                HttpStatus.CREATED);
        long conversationId = created.get("id").asLong();
        assertThat(created.get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(created.get("visitor").get("name").asString()).isEqualTo("Cristóbal Villar");
        assertFolders(conversationId, "unassigned", counts(1, 0, 0));

        long agentId = inbox.createAgent("Cris Villar", "cris.villar@example.com");
        assertThat(inbox.activeConversations(agentId)).isZero();

        var assigned = inbox.assign(conversationId, agentId);
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(assigned.json().get("assignee").get("name").asString()).isEqualTo("Cris Villar");
        assertFolders(conversationId, "assigned", counts(0, 1, 0));
        assertThat(inbox.activeConversations(agentId)).isEqualTo(1);

        var archived = inbox.action(conversationId, "archive", null);
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.json().get("status").asString()).isEqualTo("ARCHIVED");
        assertFolders(conversationId, "archived", counts(0, 0, 1));
        assertThat(inbox.activeConversations(agentId)).isZero();

        List<String> timeline = ids(inbox.get("/api/v1/conversations/{id}/events", conversationId), "type");
        assertThat(timeline).containsExactly("CREATED", "ASSIGNED", "ARCHIVED");
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    /** The conversation is in exactly the expected folder and in All, and the counts agree. */
    private void assertFolders(long conversationId, String expectedFolder, Map<String, Long> expectedCounts) {
        for (String folder : List.of("unassigned", "assigned", "archived", "all")) {
            List<String> listed = ids(inbox.get("/api/v1/conversations?folder={folder}", folder), "id");
            if (folder.equals(expectedFolder) || folder.equals("all")) {
                assertThat(listed).as("folder %s", folder).containsExactly(String.valueOf(conversationId));
            } else {
                assertThat(listed).as("folder %s", folder).isEmpty();
            }
        }
        JsonNode counts = inbox.get("/api/v1/conversations/counts");
        expectedCounts.forEach((folder, count) -> assertThat(counts.get(folder).asLong()).as(folder).isEqualTo(count));
    }

    private static Map<String, Long> counts(long unassigned, long assigned, long archived) {
        return Map.of("unassigned", unassigned, "assigned", assigned, "archived", archived,
                "all", unassigned + assigned + archived);
    }

    private static List<String> ids(JsonNode page, String field) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(item -> item.get(field).asString())
                .toList();
    }
}
