package io.helpdeskinbox.conversation;

import io.helpdeskinbox.conversation.internal.Folder;
import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Folder pages over HTTP: keyset cursors walk every folder in the contract's order, each
 * conversation exactly once, however the inbox changes between two page requests; the filters
 * narrow every page; the counts agree with what the folders list.
 */
class FolderPagingIT extends InboxIntegrationTest {

    @AfterEach
    void countersEqualTheRows() {
        JsonNode report = inbox.consistencyReport();
        assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
    }

    @Test
    void walkingTheUnassignedFolderReturnsEveryConversationOnceWaitingLongestFirst() {
        List<Long> created = startConversations(7);
        // a bot asking for a human puts the conversation at the back of the queue
        assertThat(inbox.action(created.get(1), "handoff", null).status()).isEqualTo(200);

        List<Long> walked = walk("folder=unassigned", 3);

        List<Long> queueOrder = new ArrayList<>(created);
        queueOrder.add(queueOrder.remove(1));
        assertThat(walked).containsExactlyElementsOf(queueOrder);
    }

    @Test
    void eachItemOfAPageIsTheConversationAsReadAloneWithItsAssigneesCurrentName() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        List<Long> c = startConversations(3);
        assign(c.get(0), ana);
        assign(c.get(1), ana);
        archive(c.get(1));
        WireResponse renamed = WireResponse.send(inbox.http().patch().uri("/api/v1/agents/{id}", ana)
                .contentType(MediaType.valueOf("application/merge-patch+json")).body("{\"name\":\"Ana Ruiz Soler\"}"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);

        // pages are read without the entities a single conversation is read through: every field must agree
        for (String folder : List.of("all", "unassigned", "assigned", "archived")) {
            for (JsonNode item : page("folder=" + folder, null).get("items")) {
                assertThat(item).as("%s item %s", folder, item.get("id"))
                        .isEqualTo(inbox.conversation(item.get("id").asLong()));
            }
        }
        JsonNode assigned = page("folder=assigned", null).get("items").get(0);
        assertThat(assigned.get("assignee").get("name").asString()).isEqualTo("Ana Ruiz Soler");
        assertThat(page("folder=unassigned", null).get("items").get(0).get("assignee").isNull()).isTrue();
    }

    @Test
    void walkingTheOtherFoldersReturnsEveryConversationOnceMostRecentlyUpdatedFirst() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        List<Long> c = startConversations(6);
        assign(c.get(2), ana);
        assign(c.get(0), ana);
        assign(c.get(4), ana);
        writeAsAgent(c.get(2), ana, "Sigo aquí"); // a message updates the conversation
        archive(c.get(1));
        archive(c.get(5));
        archive(c.get(3));

        assertThat(walk("folder=assigned", 2)).containsExactly(c.get(2), c.get(4), c.get(0));
        assertThat(walk("folder=archived", 2)).containsExactly(c.get(3), c.get(5), c.get(1));
        assertThat(walk("folder=all", 2)).containsExactly(c.get(3), c.get(5), c.get(1), c.get(2), c.get(4), c.get(0));
        assertThat(walk("", 4)).as("All is the default folder")
                .containsExactly(c.get(3), c.get(5), c.get(1), c.get(2), c.get(4), c.get(0));
    }

    @Test
    void conversationsLeavingOrJoiningTheQueueMidWalkCauseNeitherDuplicatesNorGaps() {
        List<Long> c = startConversations(9);

        JsonNode first = page("folder=unassigned&limit=3", null);
        assertThat(ids(first)).containsExactlyElementsOf(c.subList(0, 3));
        archive(c.get(1)); // already seen: an offset would now skip the next one
        archive(c.get(4)); // not seen yet: it left the folder before its page was read
        long latecomer = inbox.startConversation("Latecomer");
        List<Long> rest = walkFrom("folder=unassigned&limit=3", first.get("nextCursor").asString());

        assertThat(rest).containsExactly(c.get(3), c.get(5), c.get(6), c.get(7), c.get(8), latecomer);
    }

    @Test
    void aConversationChangedAfterItsPageWasReadIsNotListedAgainInAFolderOrderedByUpdate() {
        List<Long> c = startConversations(7);

        JsonNode first = page("folder=all&limit=3", null);
        assertThat(ids(first)).containsExactly(c.get(6), c.get(5), c.get(4));
        archive(c.get(5)); // moves to the top of All, above the cursor
        inbox.startConversation("Latecomer"); // new on top as well
        List<Long> rest = walkFrom("folder=all&limit=3", first.get("nextCursor").asString());

        assertThat(rest).containsExactly(c.get(3), c.get(2), c.get(1), c.get(0));
    }

    @Test
    void theAssigneeFilterListsOnlyThatAgentsConversationsIncludingThoseItArchived() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        List<Long> c = startConversations(6);
        assign(c.get(0), ana);
        assign(c.get(1), ben);
        assign(c.get(2), ana);
        assign(c.get(3), ana);
        archive(c.get(3)); // archived conversations keep the agent who handled it

        assertThat(walk("folder=assigned&assigneeId=" + ana, 1)).containsExactly(c.get(2), c.get(0));
        assertThat(walk("folder=archived&assigneeId=" + ana, 1)).containsExactly(c.get(3));
        assertThat(walk("folder=all&assigneeId=" + ana, 1)).containsExactly(c.get(3), c.get(2), c.get(0));
        assertThat(walk("folder=unassigned&assigneeId=" + ana, 1)).isEmpty();
        assertThat(walk("folder=all&assigneeId=" + ben, 1)).containsExactly(c.get(1));
        assertThat(walk("folder=all&assigneeId=4242", 1)).isEmpty();
    }

    @Test
    void theWaitingForAgentFilterSeparatesTheQueueFromConversationsNobodyAskedAHumanFor() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long quiet1 = inbox.startConversation("Quiet one");
        long waiting1 = inbox.startWaitingConversation("Waiting one").get("id").asLong();
        long quiet2 = inbox.startConversation("Quiet two");
        long handedOff = inbox.startConversation("Handed off by the bot");
        long assigned = inbox.startWaitingConversation("Assigned").get("id").asLong();
        assertThat(inbox.action(handedOff, "handoff", null).status()).isEqualTo(200);
        assign(assigned, ana); // a held conversation no longer waits

        assertThat(walk("folder=unassigned&waitingForAgent=true", 1)).containsExactly(waiting1, handedOff);
        assertThat(walk("folder=unassigned&waitingForAgent=false", 1)).containsExactly(quiet1, quiet2);
        assertThat(walk("folder=all&waitingForAgent=true", 1)).containsExactly(handedOff, waiting1);
        assertThat(walk("folder=all&waitingForAgent=false", 1)).containsExactly(assigned, quiet2, quiet1);
        assertThat(walk("folder=assigned&waitingForAgent=false&assigneeId=" + ana, 1)).containsExactly(assigned);
    }

    @Test
    void aPageThatEndsTheFolderHasANullNextCursorAndAPageThatDoesNotHasOne() {
        JsonNode empty = page("folder=all", null);
        assertThat(empty.get("items")).isEmpty();
        assertNoNextCursor(empty);

        startConversations(4);
        JsonNode exactlyFull = page("folder=unassigned&limit=4", null);
        assertThat(exactlyFull.get("items")).hasSize(4);
        assertNoNextCursor(exactlyFull);

        JsonNode notTheLast = page("folder=unassigned&limit=3", null);
        assertThat(notTheLast.get("items")).hasSize(3);
        assertThat(notTheLast.get("nextCursor").asString("")).isNotBlank();
        JsonNode last = page("folder=unassigned&limit=3", notTheLast.get("nextCursor").asString());
        assertThat(last.get("items")).hasSize(1);
        assertNoNextCursor(last);
    }

    @Test
    void withoutALimitAPageHoldsTwentyFiveConversations() {
        List<Long> c = startConversations(27);

        JsonNode first = page("folder=unassigned", null);

        assertThat(ids(first)).containsExactlyElementsOf(c.subList(0, 25));
        assertThat(walkFrom("folder=unassigned", first.get("nextCursor").asString()))
                .containsExactlyElementsOf(c.subList(25, 27));
    }

    @Test
    void theCountsAgreeWithTheFoldersForTheWholeInboxAndForEachAgent() {
        long ana = inbox.createAgent("Ana Ruiz", "ana@example.com");
        long ben = inbox.createAgent("Ben Ortiz", "ben@example.com");
        List<Long> c = startConversations(10);
        assign(c.get(0), ana);
        assign(c.get(1), ana);
        assign(c.get(2), ben);
        assign(c.get(3), ben);
        archive(c.get(3));
        assign(c.get(4), ana);
        assertThat(inbox.action(c.get(4), "transfer", Map.of("agentId", ben)).status()).isEqualTo(200);
        archive(c.get(5));
        assign(c.get(6), ana);
        assertThat(inbox.action(c.get(6), "unassign", null).status()).isEqualTo(200);

        JsonNode counts = inbox.get("/api/v1/conversations/counts");
        assertThat(counts.get("unassigned").asLong()).isEqualTo(4);
        assertThat(counts.get("assigned").asLong()).isEqualTo(4);
        assertThat(counts.get("archived").asLong()).isEqualTo(2);
        assertCountsMatchFolders(counts, "");
        assertCountsMatchFolders(inbox.get("/api/v1/conversations/counts?assigneeId={id}", ana), "&assigneeId=" + ana);
        assertCountsMatchFolders(inbox.get("/api/v1/conversations/counts?assigneeId={id}", ben), "&assigneeId=" + ben);

        JsonNode anas = inbox.get("/api/v1/conversations/counts?assigneeId={id}", ana);
        assertThat(List.of(anas.get("unassigned").asLong(), anas.get("assigned").asLong(), anas.get("archived").asLong(),
                anas.get("all").asLong())).containsExactly(0L, 2L, 0L, 2L);
        JsonNode bens = inbox.get("/api/v1/conversations/counts?assigneeId={id}", ben);
        assertThat(List.of(bens.get("unassigned").asLong(), bens.get("assigned").asLong(), bens.get("archived").asLong(),
                bens.get("all").asLong())).containsExactly(0L, 2L, 1L, 3L);
        JsonNode nobodys = inbox.get("/api/v1/conversations/counts?assigneeId=4242");
        assertThat(nobodys.get("all").asLong()).isZero();
    }

    /** Every folder, walked to its end, lists as many conversations as the counts say; All is their sum. */
    private void assertCountsMatchFolders(JsonNode counts, String filter) {
        for (String folder : List.of("unassigned", "assigned", "archived", "all")) {
            assertThat((long) walk("folder=" + folder + filter, 3).size()).as("folder %s%s", folder, filter)
                    .isEqualTo(counts.get(folder).asLong());
        }
        assertThat(counts.get("all").asLong()).isEqualTo(
                counts.get("unassigned").asLong() + counts.get("assigned").asLong() + counts.get("archived").asLong());
    }

    /** Every page of a folder from the first, following nextCursor, with no conversation listed twice. */
    private List<Long> walk(String query, int limit) {
        return walkFrom(query + (query.isEmpty() ? "" : "&") + "limit=" + limit, null);
    }

    private List<Long> walkFrom(String query, String cursor) {
        List<Long> walked = new ArrayList<>();
        int pages = 0;
        do {
            JsonNode page = page(query, cursor);
            walked.addAll(ids(page));
            JsonNode next = page.get("nextCursor");
            assertThat(next).as("nextCursor member of %s", page).isNotNull();
            cursor = next.isNull() ? null : next.asString();
            if (cursor != null) {
                assertThat(page.get("items")).as("a page with a next cursor is not empty: %s", query).isNotEmpty();
            }
            assertThat(++pages).as("pages of %s", query).isLessThan(100);
        } while (cursor != null);
        assertThat(walked).as("walking %s", query).doesNotHaveDuplicates();
        return walked;
    }

    private JsonNode page(String query, String cursor) {
        String uri = "/api/v1/conversations?" + query;
        if (cursor != null) {
            return inbox.get(uri + (query.isEmpty() ? "" : "&") + "cursor={cursor}", cursor);
        }
        return inbox.get(uri);
    }

    private static void assertNoNextCursor(JsonNode page) {
        assertThat(page.has("nextCursor")).as("nextCursor member of %s", page).isTrue();
        assertThat(page.get("nextCursor").isNull()).as("nextCursor of %s", page).isTrue();
    }

    private static List<Long> ids(JsonNode page) {
        return page.get("items").valueStream().map(item -> item.get("id").asLong()).toList();
    }

    private List<Long> startConversations(int count) {
        List<Long> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(inbox.startConversation("Visitor " + i));
        }
        return started;
    }

    private void assign(long conversationId, long agentId) {
        assertThat(inbox.assign(conversationId, agentId).status()).isEqualTo(200);
    }

    private void archive(long conversationId) {
        assertThat(inbox.action(conversationId, "archive", null).status()).isEqualTo(200);
    }

    private void writeAsAgent(long conversationId, long agentId, String text) {
        inbox.post("/api/v1/conversations/" + conversationId + "/messages",
                Map.of("author", "AGENT", "text", text, "agentId", agentId), HttpStatus.CREATED);
    }
}
