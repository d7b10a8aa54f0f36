package io.helpdeskinbox.routing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helpdeskinbox.support.InboxClient.HiredAgent;
import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The response timeout, two seconds here: a conversation the engine gave whose visitor gets no
 * answer goes back to the queue and on to another agent; an answered one, and one assigned or
 * transferred by hand, stay; two instances never both return one conversation.
 */
class ResponseTimeoutIT extends InboxIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void anAutoAssignedConversationNobodyAnswersGoesBackToTheQueueAndOnToAnotherAgent() {
        responseTimeout("PT2S");
        long returnedBefore = returned(inbox);
        long ana = onlineAgent("Ana");
        long conversation = inbox.startWaitingConversation("Visitor").get("id").asLong();
        assertThat(assignee(conversation)).isEqualTo(ana);
        long ben = onlineAgent("Ben");

        await().atMost(TIMEOUT.plusSeconds(5)).untilAsserted(() -> assertThat(assignee(conversation)).isEqualTo(ben));
        responseTimeout(null); // or it goes on, back and forth

        List<JsonNode> timeline = timeline(conversation);
        assertThat(timeline).extracting(entry -> entry.get("type").asString() + " " + entry.get("reason").asString())
                .startsWith("CREATED MANUAL", "ASSIGNED AUTO", "UNASSIGNED RESPONSE_TIMEOUT", "ASSIGNED AUTO");
        assertThat(timeline.get(2).get("previousAgentId").asLong()).isEqualTo(ana);
        assertThat(timeline.get(2).get("actor").asString()).isEqualTo("system");
        assertThat(timeline.get(3).get("agentId").asLong()).as("not straight back to Ana").isEqualTo(ben);
        assertThat(returned(inbox) - returnedBefore).isEqualTo(1);
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    @Test
    void anAnsweredConversationStaysUntilTheVisitorWaitsAgainAndOneGivenByHandAlwaysStays() {
        responseTimeout("PT2S");
        HiredAgent ana = inbox.hireAgent("Ana", "ana@example.com");
        inbox.setAvailability(ana.id(), "ONLINE");
        long ben = inbox.createAgent("Ben", "ben@example.com");
        long answered = inbox.startWaitingConversation("Answered").get("id").asLong();
        long transferred = inbox.startWaitingConversation("Transferred").get("id").asLong();
        long byHand = inbox.startConversation("By hand");
        assertThat(List.of(assignee(answered), assignee(transferred))).containsOnly(ana.id());
        inbox.as(ana.token()).post("/api/v1/conversations/" + answered + "/messages",
                Map.of("author", "AGENT", "text", "Hello, how can I help?"), HttpStatus.CREATED);
        assertThat(inbox.action(transferred, "transfer", Map.of("agentId", ben)).status()).isEqualTo(200);
        assertThat(inbox.assign(byHand, ana.id()).status()).isEqualTo(200);

        await().during(TIMEOUT.plusSeconds(1)).atMost(TIMEOUT.plusSeconds(5)).until(() ->
                heldBy(answered, ana.id()) && heldBy(transferred, ben) && heldBy(byHand, ana.id()));

        // the visitor writes again: from that message, Ana has the timeout to answer
        inbox.post("/api/v1/conversations/" + answered + "/messages", Map.of("author", "VISITOR", "text", "Hello?"),
                HttpStatus.CREATED);
        await().atMost(TIMEOUT.plusSeconds(5)).until(() -> assignee(answered) == null);
        JsonNode returned = inbox.conversation(answered);
        assertThat(returned.get("status").asString()).isEqualTo("UNASSIGNED");
        assertThat(returned.get("waitingForAgent").asBoolean()).as("in the queue, but not for Ana").isTrue();
        List<JsonNode> timeline = timeline(answered);
        assertThat(timeline.get(timeline.size() - 1).get("reason").asString()).isEqualTo("RESPONSE_TIMEOUT");
        assertThat(assignee(transferred)).isEqualTo(ben);
        assertThat(assignee(byHand)).isEqualTo(ana.id());
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    @Test
    void twoInstancesReturnEachUnansweredConversationExactlyOnce() {
        try (SecondInstance second = new SecondInstance(Map.of("inbox.assignment.response-timeout-check", "PT0.2S"))) {
            InboxClient onSecond = second.client();
            long returnedBefore = returned(inbox) + returned(onSecond);
            List<Long> agents = List.of(onlineAgent("Ana"), onlineAgent("Ben"), onlineAgent("Cris"));
            List<Long> conversations = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                conversations.add((i % 2 == 0 ? inbox : onSecond).startWaitingConversation("Visitor " + i)
                        .get("id").asLong());
            }
            second.awaitQueueServed();
            assertThat(conversations).allSatisfy(id -> assertThat(agents).contains(assignee(id)));
            // nobody to take them back: each returned conversation stays in the queue
            agents.forEach(agent -> inbox.setAvailability(agent, "OFFLINE"));

            responseTimeout("PT2S");

            await().atMost(TIMEOUT.plusSeconds(8)).until(() -> conversations.stream().allMatch(id -> assignee(id) == null));
            assertThat(conversations).allSatisfy(id -> assertThat(timeline(id))
                    .filteredOn(entry -> entry.get("reason").asString().equals("RESPONSE_TIMEOUT")).hasSize(1));
            assertThat(returned(inbox) + returned(onSecond) - returnedBefore).as("counted by the instances together")
                    .isEqualTo(30);
            assertThat(agents).allSatisfy(agent -> assertThat(inbox.get("/api/v1/agents/{id}", agent)
                    .get("activeConversations").asInt()).isZero());
            assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
        }
    }

    @Test
    void theTimeoutIsAnIsoDurationOfAtLeastOneSecondOrNull() {
        assertThat(responseTimeout("PT10M").get("responseTimeout").asString()).isEqualTo("PT10M");
        assertThat(responseTimeout(null).get("responseTimeout").isNull()).isTrue();
        for (Object invalid : List.of("PT0.5S", "PT0S", "-PT1M", "ten minutes", "P1Q")) {
            Map<String, Object> settings = settings(invalid);
            WireResponse response = InboxClient.exchange(inbox.http().put().uri("/api/v1/settings/assignment")
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(settings));
            assertThat(response.status()).as("responseTimeout %s", invalid).isEqualTo(400);
            assertThat(response.body()).as("responseTimeout %s", invalid).contains("responseTimeout");
        }
        assertThat(inbox.get("/api/v1/settings/assignment").get("responseTimeout").isNull()).isTrue();
    }

    private JsonNode responseTimeout(String timeout) {
        return inbox.assignmentSettings(settings(timeout));
    }

    private static Map<String, Object> settings(Object responseTimeout) {
        Map<String, Object> settings = new HashMap<>(Map.of("autoAssignment", true, "strategy", "BALANCED",
                "reopenPolicy", "PREVIOUS_AGENT_IF_ONLINE"));
        settings.put("responseTimeout", responseTimeout);
        return settings;
    }

    private long onlineAgent(String name) {
        long agent = inbox.createAgent(name, name.toLowerCase() + "@example.com");
        inbox.setAvailability(agent, "ONLINE");
        return agent;
    }

    private Long assignee(long conversationId) {
        JsonNode assignee = inbox.conversation(conversationId).get("assignee");
        return assignee.isNull() ? null : assignee.get("id").asLong();
    }

    private boolean heldBy(long conversationId, long agentId) {
        return Long.valueOf(agentId).equals(assignee(conversationId));
    }

    private List<JsonNode> timeline(long conversationId) {
        return StreamSupport.stream(inbox.get("/api/v1/conversations/{id}/events?limit=100", conversationId)
                .get("items").spliterator(), false).toList();
    }

    private static long returned(InboxClient instance) {
        String scrape = WireResponse.send(instance.http().get().uri("/actuator/prometheus")).body();
        Matcher returned = Pattern.compile("(?m)^inbox_response_timeouts_total(?:\\{[^}]*})? (\\S+)$").matcher(scrape);
        assertThat(returned.find()).as("inbox_response_timeouts_total").isTrue();
        return (long) Double.parseDouble(returned.group(1));
    }
}
