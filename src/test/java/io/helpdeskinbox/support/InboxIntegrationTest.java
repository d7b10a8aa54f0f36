package io.helpdeskinbox.support;

import io.helpdeskinbox.routing.internal.EngineRounds;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An integration test: the whole application on a random port, spoken to over real HTTP, on a
 * real PostgreSQL. Every test starts from empty tables; {@link #inbox} speaks with the ADMIN token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = {
        // webhook retries in tenths of seconds, not the production seconds to an hour; here and not in
        // database() below, because a test class overrides these with a @TestPropertySource of its own
        // (dynamic properties would win over it) and second instances copy them (SecondInstance)
        "inbox.webhooks.initial-backoff=PT0.2S",
        "inbox.webhooks.poll-interval=PT0.1S",
        "inbox.webhooks.timeout=PT2S",
        "inbox.webhooks.disable-after=PT5S",
        // the test receivers listen on loopback, which production refuses (WebhookTargetsIT checks that)
        "inbox.webhooks.allow-private-networks=true"})
public abstract class InboxIntegrationTest {

    /** The bootstrap ADMIN token every test instance is started with. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    /** The relays' tick lock ({@code TickCutting.TICK_LOCK}). */
    private static final long TICK_LOCK = 0x1D_B0C5_71C4_0000L;

    /** The one browser origin tests allow through CORS, as the frontend's would be. */
    public static final String FRONTEND_ORIGIN = "https://inbox.example.com";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Autowired
    private ApplicationContext application;

    protected InboxClient inbox;

    /** The application of the test running now: second instances take its webhook settings. */
    private static volatile ConfigurableEnvironment runningTest;

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
        // tests send thousands of requests, many with bad tokens, all from 127.0.0.1 (RateLimitIT sets real limits)
        registry.add("inbox.rate-limits.per-caller.requests-per-second", () -> "1000000");
        registry.add("inbox.rate-limits.per-caller.burst", () -> "1000000");
        registry.add("inbox.rate-limits.failed-authentication.attempts", () -> "1000000");
        // a response timeout (a setting, seconds in the tests that set it) is noticed within a fifth of a second
        registry.add("inbox.assignment.response-timeout-check", () -> "PT0.2S");
        // streams a test closed are noticed at the next write to them: heartbeats find them soon
        registry.add("inbox.events.heartbeat", () -> "PT0.5S");
    }

    @BeforeEach
    void startFromEmptyInbox() {
        // the previous test's engine or webhook workers may still be finishing: a deadlock with the
        // truncation is retried
        for (int attempt = 1; ; attempt++) {
            try {
                emptyEveryTable();
                break;
            } catch (PessimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        jdbc.sql("""
                update assignment_settings set auto_assignment = true, strategy = 'BALANCED', default_capacity = null,
                                               reopen_policy = 'PREVIOUS_AGENT_IF_ONLINE', presence = false,
                                               response_timeout_ms = null""").update();
        inbox = new InboxClient("http://localhost:" + port, ADMIN_TOKEN).readingAfter(this::awaitQueueServed);
        runningTest = (ConfigurableEnvironment) application.getEnvironment();
    }

    /**
     * Every {@code inbox.webhooks.*} setting of the test running now, as its application resolved
     * them (application.yml, the test defaults above, the test class's own): a second instance
     * delivers webhooks as the test's own instance does, or a test of two instances delivering
     * together would race a production-paced instance (5 s backoff) against a test-paced one.
     */
    static Map<String, String> runningTestWebhookSettings() {
        ConfigurableEnvironment environment = runningTest;
        Map<String, String> settings = new TreeMap<>();
        if (environment == null) {
            return settings;
        }
        environment.getPropertySources().stream()
                .filter(source -> source instanceof EnumerablePropertySource<?>)
                .flatMap(source -> Arrays.stream(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .filter(name -> name.startsWith("inbox.webhooks."))
                .forEach(name -> settings.put(name, environment.getProperty(name)));
        return settings;
    }

    /**
     * Waits until the relay has put every committed event in a tick. A stream opened without
     * Last-Event-ID starts at the latest tick, so an event committed just before it opened but not
     * yet ticked still reaches it; a test that wants only what comes after waits here first.
     *
     * @return the latest tick
     */
    protected long awaitEverythingTicked() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                select count(*) from outbox_event e, (select snap from outbox_tick order by id desc limit 1) t
                where not pg_visible_in_snapshot(e.tx_id, t.snap)""").query(Long.class).single() == 0);
        return jdbc.sql("select max(id) from outbox_tick").query(Long.class).single();
    }

    /** Whether a session of this test's database waits for a lock (one the test holds, typically). */
    protected boolean someoneWaitsForALock() {
        return jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")
                .query(Long.class).single() > 0;
    }

    /** Runs the periodic duty of that name once, here and now, as the scheduler runs it. */
    protected void runPeriodicDuty(String name) {
        application.getBeansOfType(ScheduledTaskHolder.class).values().stream()
                .flatMap(holder -> holder.getScheduledTasks().stream())
                .filter(duty -> duty.toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no periodic duty named " + name))
                .getTask().getRunnable().run();
    }

    /** Waits until this instance's engine has served every round asked of it so far (see {@link EngineRounds}). */
    protected void awaitQueueServed() {
        EngineRounds.awaitServed(application);
    }

    /**
     * One transaction, holding the tick lock: the relays of running instances neither cut a tick
     * meanwhile nor ever see the outbox without its first tick.
     */
    private void emptyEveryTable() {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            jdbc.sql("select pg_advisory_xact_lock(" + TICK_LOCK + ") is not null").query(Boolean.class).single();
            // webhook ids go on from where they were, as in production: the deliverer keeps in memory what it
            // has in flight per webhook, and a delivery of the previous test finishing late must not count
            // against a new webhook that reused its id
            jdbc.sql("truncate webhook_delivery_attempt, webhook_delivery, webhook continue identity").update();
            // every test's limits start full: the buckets are kept in the database, shared by the instances of every test
            jdbc.sql("truncate rate_limit_bucket").update();
            jdbc.sql("truncate spring_session, spring_session_attributes").update();
            jdbc.sql("truncate outbox_tick, outbox_event, access_token, agent_password, agent_invitation, conversation_idempotency_key, conversation_event, message, conversation, team_member, team, agent restart identity")
                    .update();
            jdbc.sql("""
                    insert into outbox_tick (snap, unassigned, assigned, archived, events, last_event_id, moved_folders, created_at)
                    values (pg_current_snapshot(), 0, 0, 0, 0, 0, false, now())""").update();
        });
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
                    union all select 'password' || t::text from agent_password t
                    union all select 'invitation' || t::text from agent_invitation t
                    union all select 'settings' || t::text from assignment_settings t
                    union all select 'outbox' || t::text from outbox_event t
                    union all select 'webhook' || t::text from webhook t
                    union all select 'team' || t::text from team t
                    union all select 'member' || t::text from team_member t) everything""")
                .query(String.class).single();
    }
}
