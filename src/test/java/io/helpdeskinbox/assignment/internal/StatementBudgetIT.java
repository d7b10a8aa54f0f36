package io.helpdeskinbox.assignment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxClient.HiredAgent;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import io.helpdeskinbox.web.RequestIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What each action costs the database: the SQL statements (each one round trip) a request sends,
 * counted by a proxy around the real DataSource and attributed to the request by its request id,
 * the check of its token included (the ADMIN token is checked in memory, an agent's token or an API
 * key in the database); and what a round of the auto-assignment engine sends on its own thread.
 * The budgets are today's numbers; an action that starts sending one more statement fails here,
 * on purpose: look at the new statement before raising its budget.
 */
@Import(StatementBudgetIT.CountingDataSource.class)
class StatementBudgetIT extends InboxIntegrationTest {

    /** Statements by request id, as the server executed them. */
    static final Map<String, List<String>> STATEMENTS = new ConcurrentHashMap<>();
    /** Statements of the auto-assignment engine's thread ({@code AutoAssigner}), since the test last cleared them. */
    static final List<String> ENGINE_STATEMENTS = new CopyOnWriteArrayList<>();
    private static final String ENGINE_THREAD = "auto-assignment-engine";
    private static final String RATE_LIMIT_TABLE = "rate_limit_bucket";

    /**
     * Imported by this test only. Not a {@code @TestConfiguration}: outside a test context nothing
     * excludes one from component scanning, so a development run ({@code TestInboxApplication}) would
     * count statements too.
     */
    static class CountingDataSource {

        @Bean
        static BeanPostProcessor countStatementsPerRequest() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    // the DataSource everything uses (it routes to the two pools, which are not counted twice)
                    if (!(bean instanceof DataSource dataSource) || !beanName.equals("dataSource")) {
                        return bean;
                    }
                    return ProxyDataSourceBuilder.create(dataSource).name("counted")
                            .afterQuery((execution, queries) -> {
                                String requestId = MDC.get(RequestIds.MDC_KEY);
                                // a rate limit's synchronization is not the action's own: it comes after a tenth
                                // of the caller's burst or 100 ms, for whichever request happens to be next
                                // (on a thread of its own today; left out wherever it runs)
                                List<String> counted = queries.stream().map(QueryInfo::getQuery)
                                        .filter(query -> !query.contains(RATE_LIMIT_TABLE)).toList();
                                if (requestId != null) {
                                    STATEMENTS.computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>()).addAll(counted);
                                } else if (Thread.currentThread().getName().equals(ENGINE_THREAD)) {
                                    ENGINE_STATEMENTS.addAll(counted);
                                }
                            })
                            .build();
                }
            };
        }
    }

    @Test
    void eachActionSendsNoMoreStatementsThanItsBudget() {
        // the default settings (auto-assignment on), so the engine's wake-ups are counted too; the
        // agents stay OFFLINE and the conversation never waits, so the engine only looks
        long ana = inbox.createAgent("Ana", "ana@example.com");
        long ben = inbox.createAgent("Ben", "ben@example.com");
        long conversation = inbox.startConversation("Cristóbal Villar");

        Map<String, Integer> spent = new LinkedHashMap<>();
        spent.put("assign", count("assign", conversation, "{\"agentId\":" + ana + "}"));
        spent.put("transfer", count("transfer", conversation, "{\"agentId\":" + ben + "}"));
        spent.put("archive", count("archive", conversation, null));
        spent.put("reopen", count("reopen", conversation, null));
        spent.put("no-op reopen", count("reopen", conversation, null));
        spent.put("get", send("get", inbox.http().get().uri("/api/v1/conversations/{id}", conversation)));
        spent.put("folder page", send("folder", inbox.http().get().uri("/api/v1/conversations?folder=assigned")));
        spent.put("counts", send("counts", inbox.http().get().uri("/api/v1/conversations/counts")));
        spent.put("agents", send("agents", inbox.http().get().uri("/api/v1/agents")));

        // an agent's token and a partner's API key are looked up in the database on every request; the
        // agent's first call also writes its presence (at most once per refresh interval), so it is not budgeted
        HiredAgent cris = inbox.hireAgent("Cris", "cris@example.com");
        String apiKey = inbox.post("/api/v1/api-keys", Map.of("name", "Acme CRM"), HttpStatus.CREATED)
                .get("token").asString();
        InboxClient asCris = inbox.as(cris.token());
        InboxClient asPartner = inbox.as(apiKey);
        send("agent's first call", asCris.http().get().uri("/api/v1/me"));
        spent.put("agent get", send("agent get", asCris.http().get().uri("/api/v1/conversations/{id}", conversation)));
        spent.put("agent folder page", send("agent folder page",
                asCris.http().get().uri("/api/v1/conversations?folder=assigned")));
        spent.put("key get", send("key get", asPartner.http().get().uri("/api/v1/conversations/{id}", conversation)));
        spent.put("key counts", send("key counts", asPartner.http().get().uri("/api/v1/conversations/counts")));

        // the engine's rounds: one that finds nobody to serve (a new conversation that does not wait), and
        // one that assigns a waiting conversation to Dora, ONLINE
        spent.put("engine round, nothing to do", engineRound(() -> inbox.startConversation("Not waiting")));
        long dora = inbox.createAgent("Dora", "dora@example.com", 5);
        inbox.setAvailability(dora, "ONLINE"); // she takes the reopened conversation, waiting since Ben is OFFLINE
        int before = inbox.activeConversations(dora);
        // Dora's coming ONLINE was a round that assigned (the reopened conversation): in a rush the next
        // round skips the plain read of whether anyone waits, the batch's claim finding out as well
        spent.put("engine round after one that assigned, one assigned",
                engineRound(() -> inbox.startWaitingConversation("Waiting")));
        assertThat(inbox.activeConversations(dora)).as("the round assigned the waiting conversation").isEqualTo(before + 1);
        // a batch costs what one decision does: twenty waiting while the engine is off (rounds that assign
        // nothing), then it is turned on: the round reads whether anyone waits, then claims and applies
        inbox.setAvailability(inbox.createAgent("Eli", "eli@example.com", null), "ONLINE");
        inbox.assignmentSettings(false, "BALANCED", null, "QUEUE");
        for (int i = 0; i < 20; i++) {
            inbox.startWaitingConversation("Waiting " + i);
        }
        spent.put("engine round, twenty assigned", engineRound(() -> inbox.assignmentSettings(true, "BALANCED", null,
                "QUEUE")));
        assertThat(jdbc.sql("select count(*) from conversation where waiting_for_agent").query(Long.class).single())
                .as("the round assigned all twenty").isZero();

        writeDown(spent);
        assertThat(spent).as("statements per action (%s; engine: %s)", STATEMENTS, ENGINE_STATEMENTS).isEqualTo(Map.ofEntries(
                Map.entry("assign", 1), Map.entry("transfer", 1), Map.entry("archive", 1), Map.entry("reopen", 5),
                Map.entry("no-op reopen", 1), Map.entry("get", 1), Map.entry("folder page", 1), Map.entry("counts", 1),
                // the teams' names are a second, tiny read: cheaper than joining them per agent (BENCHMARKS.md)
                Map.entry("agents", 2),
                Map.entry("agent get", 2), Map.entry("agent folder page", 2), Map.entry("key get", 2),
                Map.entry("key counts", 2),
                Map.entry("engine round, nothing to do", 1), Map.entry("engine round after one that assigned, one assigned", 2),
                Map.entry("engine round, twenty assigned", 3)));
    }

    /** The statements of the engine's round that {@code request} asks for, the rounds before it served first. */
    private int engineRound(Runnable request) {
        awaitQueueServed();
        ENGINE_STATEMENTS.clear();
        request.run();
        awaitQueueServed();
        engineStatementsSeen.add(List.copyOf(ENGINE_STATEMENTS));
        return ENGINE_STATEMENTS.size();
    }

    private final List<List<String>> engineStatementsSeen = new ArrayList<>();

    /** The statements of each action, for whoever updates a budget or the benchmark's pgbench scripts. */
    private void writeDown(Map<String, Integer> spent) {
        StringBuilder text = new StringBuilder();
        STATEMENTS.forEach((requestId, statements) -> {
            if (requestId.startsWith("budget-")) {
                text.append("-- ").append(requestId).append(": ").append(statements.size()).append(" statements\n");
                statements.forEach(statement -> text.append(statement.strip()).append(";\n"));
                text.append('\n');
            }
        });
        for (List<String> round : engineStatementsSeen) {
            text.append("-- an engine round: ").append(round.size()).append(" statements\n");
            round.forEach(statement -> text.append(statement.strip()).append(";\n"));
            text.append('\n');
        }
        try {
            Path file = Path.of("target", "statements-per-action.sql");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "-- " + spent + "\n" + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int count(String action, long conversation, String body) {
        RestTestClient.RequestBodySpec request = inbox.http().post()
                .uri("/api/v1/conversations/{id}/{action}", conversation, action);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return send(action, request);
    }

    private int send(String name, RestTestClient.RequestHeadersSpec<?> request) {
        String requestId = "budget-" + name.replaceAll("[^A-Za-z0-9]+", "-") + "-" + System.nanoTime();
        WireResponse response = WireResponse.send(request.header(RequestIds.HEADER, requestId));
        assertThat(response.status()).as("%s -> %s", name, response.body()).isEqualTo(200);
        return STATEMENTS.getOrDefault(requestId, List.of()).size();
    }
}
