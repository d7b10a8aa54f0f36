package io.helpdeskinbox.assignment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many agents grab one conversation at the same instant: exactly one wins, nobody steals. */
class AssignmentRaceIT extends InboxIntegrationTest {

    private static final int CONTENDERS = 50;

    @Test
    void fiftyAgentsAssigningOneConversationAtOnceLeaveExactlyOneWinner() throws Exception {
        long conversationId = inbox.startConversation("Cristóbal Villar");
        List<Long> agentIds = IntStream.range(0, CONTENDERS)
                .mapToObj(i -> inbox.createAgent("Agent " + i, "agent" + i + "@example.com"))
                .toList();

        List<WireResponse> responses = raceAssignments(conversationId, agentIds);

        assertThat(responses).extracting(WireResponse::status)
                .containsOnly(200, 409)
                .filteredOn(status -> status == 200).hasSize(1);
        WireResponse winner = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        long winnerId = winner.json().get("assignee").get("id").asLong();
        responses.stream().filter(r -> r.status() == 409).forEach(loser -> {
            assertThat(loser.json().get("currentStatus").asString()).isEqualTo("ASSIGNED");
            assertThat(loser.json().get("currentAssigneeId").asLong()).isEqualTo(winnerId);
        });

        var agents = inbox.get("/api/v1/agents").get("items");
        long counterSum = 0;
        for (var agent : agents) {
            int expected = agent.get("id").asLong() == winnerId ? 1 : 0;
            assertThat(agent.get("activeConversations").asInt()).as("agent %s", agent.get("id")).isEqualTo(expected);
            counterSum += agent.get("activeConversations").asInt();
        }
        assertThat(counterSum).isEqualTo(1);
        var timeline = inbox.get("/api/v1/conversations/{id}/events", conversationId).get("items");
        assertThat(timeline).extracting(event -> event.get("type").asString()).containsExactly("CREATED", "ASSIGNED");
        assertThat(inbox.consistencyReport().get("consistent").asBoolean()).isTrue();
    }

    /** Every contender waits at the barrier, so the requests really overlap in the server. */
    private List<WireResponse> raceAssignments(long conversationId, List<Long> agentIds) throws Exception {
        CountDownLatch ready = new CountDownLatch(agentIds.size());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(agentIds.size());
        try {
            List<Future<WireResponse>> futures = new ArrayList<>();
            for (long agentId : agentIds) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    start.await();
                    return inbox.action(conversationId, "assign", Map.of("agentId", agentId));
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("every contender at the barrier").isTrue();
            start.countDown();
            List<WireResponse> responses = new ArrayList<>();
            for (Future<WireResponse> future : futures) {
                responses.add(future.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            threads.shutdownNow();
        }
    }
}
