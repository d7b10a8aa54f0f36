package io.helpdeskinbox.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import io.helpdeskinbox.web.RequestIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What each action costs the database: the SQL statements (each one round trip) a request sends,
 * counted by a proxy around the real DataSource and attributed to the request by its request id.
 * The budgets are today's numbers; an action that starts sending one more statement fails here,
 * on purpose: look at the new statement before raising its budget.
 */
@Import(StatementBudgetIT.CountingDataSource.class)
class StatementBudgetIT extends InboxIntegrationTest {

    /** Statements by request id, as the server executed them. */
    static final Map<String, List<String>> STATEMENTS = new ConcurrentHashMap<>();

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
                                if (requestId != null) {
                                    queries.forEach(query -> STATEMENTS
                                            .computeIfAbsent(requestId, id -> new CopyOnWriteArrayList<>())
                                            .add(query.getQuery()));
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

        writeDown(spent);
        assertThat(spent).as("statements per action (%s)", STATEMENTS).isEqualTo(Map.of(
                "assign", 1, "transfer", 1, "archive", 1, "reopen", 5, "no-op reopen", 1,
                "get", 1, "folder page", 1, "counts", 1, "agents", 1));
    }

    /** The statements of each action, for whoever updates a budget or the benchmark's pgbench scripts. */
    private static void writeDown(Map<String, Integer> spent) {
        StringBuilder text = new StringBuilder();
        STATEMENTS.forEach((requestId, statements) -> {
            if (requestId.startsWith("budget-")) {
                text.append("-- ").append(requestId).append(": ").append(statements.size()).append(" statements\n");
                statements.forEach(statement -> text.append(statement.strip()).append(";\n"));
                text.append('\n');
            }
        });
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
        String requestId = "budget-" + name + "-" + System.nanoTime();
        WireResponse response = WireResponse.send(request.header(RequestIds.HEADER, requestId));
        assertThat(response.status()).as("%s -> %s", name, response.body()).isEqualTo(200);
        return STATEMENTS.getOrDefault(requestId, List.of()).size();
    }
}
