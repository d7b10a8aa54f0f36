package io.helpdeskinbox.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An integration test: the whole application on a random port, spoken to over real HTTP, on a
 * real PostgreSQL. Every test starts from empty tables; {@link #inbox} speaks with the ADMIN token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class InboxIntegrationTest {

    /** The bootstrap ADMIN token every test instance is started with. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    /** The one browser origin tests allow through CORS, as the frontend's would be. */
    public static final String FRONTEND_ORIGIN = "https://inbox.example.com";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected InboxClient inbox;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Coordinates db = TestDatabase.get();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
        registry.add("inbox.admin-token", () -> ADMIN_TOKEN);
        registry.add("inbox.cors.allowed-origins", () -> FRONTEND_ORIGIN);
        // tests prove the triggers; the safety-net sweep is called by the test that needs it
        registry.add("inbox.assignment.sweep-interval", () -> "PT1H");
        // webhook retries in tenths of seconds, not the production seconds to an hour
        registry.add("inbox.webhooks.initial-backoff", () -> "PT0.2S");
        registry.add("inbox.webhooks.poll-interval", () -> "PT0.1S");
        registry.add("inbox.webhooks.timeout", () -> "PT2S");
    }

    @BeforeEach
    void startFromEmptyInbox() {
        jdbc.sql("truncate webhook_delivery_attempt, webhook_delivery, webhook, outbox_event, access_token, conversation_idempotency_key, conversation_event, message, conversation, agent restart identity")
                .update();
        jdbc.sql("update folder_count set unassigned = 0, assigned = 0, archived = 0").update();
        jdbc.sql("""
                update assignment_settings set auto_assignment = true, strategy = 'BALANCED', default_capacity = null,
                                               reopen_policy = 'PREVIOUS_AGENT_IF_ONLINE'""").update();
        inbox = new InboxClient("http://localhost:" + port, ADMIN_TOKEN);
    }

    /** A digest of every row of every table: equal digests mean the request changed nothing at all. */
    protected String databaseFingerprint() {
        return jdbc.sql("""
                select md5(coalesce(string_agg(row_text, '|' order by row_text), '')) from (
                    select 'agent' || t::text as row_text from agent t
                    union all select 'conversation' || t::text from conversation t
                    union all select 'message' || t::text from message t
                    union all select 'event' || t::text from conversation_event t
                    union all select 'idempotency' || t::text from conversation_idempotency_key t
                    union all select 'token' || t::text from access_token t
                    union all select 'settings' || t::text from assignment_settings t
                    union all select 'folders' || t::text from folder_count t
                    union all select 'outbox' || t::text from outbox_event t
                    union all select 'webhook' || t::text from webhook t) everything""")
                .query(String.class).single();
    }
}
