package io.helpdeskinbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Server-Sent Events client over real HTTP, as a browser's EventSource would be: it parses the
 * stream into events as they arrive. {@link #connect} returns once the server says the stream is open.
 *
 * <p>The server ending the stream (its response complete, or the connection dropped) is an event of
 * its own here: every read that comes to it fails, so a stream the server dropped never passes for
 * a quiet one, unless the test waits for that end with {@link #awaitEnded}. Closing the stream from
 * the test is not an end the server made.
 */
public final class SseClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One event as it came off the wire; its id is an opaque position, ordered as a string. */
    public record Event(String id, String name, JsonNode data) {

        public boolean isCounted() {
            return "folders.counted".equals(name);
        }

        public boolean isCreated() {
            return "conversation.created".equals(name);
        }
    }

    /** Queued after the last event when the server ends the stream; stays at the head once reached. */
    private static final Event END = new Event(null, null, null);

    private final BlockingDeque<Event> events = new LinkedBlockingDeque<>();
    private final CountDownLatch open = new CountDownLatch(1);
    private volatile Stream<String> lines;
    private volatile boolean closed;
    /** Why the reader stopped before the test closed the stream (an event it could not parse), or null. */
    private volatile RuntimeException broken;
    /** How the server ended the stream (null: it has not), as the reader saw it. */
    private volatile String ended;
    private volatile int status;
    private volatile java.net.http.HttpHeaders responseHeaders;
    /** A refused stream's body: a problem document (null while the stream is open). */
    private volatile String refusal;

    private SseClient() {
    }

    /** Connects to {@code /api/v1/events}; {@code lastEventId} (may be null) resumes after that event. */
    public static SseClient connect(String baseUrl, String token, String lastEventId, String query) throws Exception {
        SseClient client = attempt(baseUrl, token, lastEventId, query);
        assertThat(client.status).as("the stream opened").isEqualTo(200);
        return client;
    }

    /** Connects as the console does once signed in: with the session's cookie, no token. */
    public static SseClient connectWithCookie(String baseUrl, String cookie) throws Exception {
        SseClient client = attempt(baseUrl, null, null, null, cookie);
        assertThat(client.status).as("the stream opened").isEqualTo(200);
        return client;
    }

    /**
     * Connects as a client that retries would: while the server answers 503 (its database away), again
     * after a moment, for up to {@code patience}.
     */
    public static SseClient connectRetrying(String baseUrl, String token, String lastEventId, Duration patience)
            throws Exception {
        long giveUp = System.nanoTime() + patience.toNanos();
        SseClient client = attempt(baseUrl, token, lastEventId, null);
        while (client.status == 503 && System.nanoTime() < giveUp) {
            Thread.sleep(200);
            client = attempt(baseUrl, token, lastEventId, null);
        }
        assertThat(client.status).as("the stream opened within %s", patience).isEqualTo(200);
        return client;
    }

    /**
     * The status the server answers a stream request with this token (none when null); an opened
     * stream is closed at once.
     */
    public static int openingStatus(String baseUrl, String token) throws Exception {
        try (SseClient client = attempt(baseUrl, token, null, null)) {
            return client.status;
        }
    }

    /**
     * The stream's response is checked against the served document ({@link ContractValidation}):
     * status and headers while it streams, the problem document too when it is refused.
     */
    private static SseClient attempt(String baseUrl, String token, String lastEventId, String query) throws Exception {
        return attempt(baseUrl, token, lastEventId, query, null);
    }

    private static SseClient attempt(String baseUrl, String token, String lastEventId, String query, String cookie)
            throws Exception {
        ContractValidation contract = ContractValidation.of(baseUrl);
        SseClient client = new SseClient();
        URI uri = URI.create(baseUrl + "/api/v1/events" + (query == null ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpRequest sent = request.build();
        HttpClient.newHttpClient().sendAsync(sent, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> {
                    client.status = response.statusCode();
                    client.responseHeaders = response.headers();
                    client.lines = response.body();
                    if (response.statusCode() != 200) {
                        client.refusal = response.body().collect(java.util.stream.Collectors.joining("\n"));
                        client.open.countDown(); // refused: no stream will say it is open
                        return;
                    }
                    Thread reader = new Thread(() -> client.read(response.body()), "sse-test-client");
                    reader.setDaemon(true);
                    reader.start();
                });
        assertThat(client.open.await(10, TimeUnit.SECONDS)).as("the server answered").isTrue();
        contract.check(new ContractValidation.Exchange("GET", uri, ContractValidation.headers(sent.headers()),
                null, client.status, ContractValidation.headers(client.responseHeaders),
                client.refusal == null ? null : client.refusal.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                token == null); // every operation needs a token: a request without one is meant to be refused
        return client;
    }

    private void read(Stream<String> body) {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) body::iterator) {
                if (line.startsWith(":")) {
                    if (line.contains("stream open")) {
                        open.countDown();
                    }
                } else if (line.isEmpty()) {
                    if (id != null) {
                        events.add(new Event(id, name, JSON.readTree(data.toString())));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            serverEnded("the server completed the response");
        } catch (UncheckedIOException dropped) {
            serverEnded("the connection dropped: " + dropped.getCause());
        } catch (RuntimeException e) {
            if (!closed) {
                broken = e; // every later read fails with it: a dead reader must not look like a quiet stream
                events.add(END);
            }
        }
    }

    /** Unless the test closed the stream itself, the server ended it: reads reaching the end fail. */
    private void serverEnded(String how) {
        if (!closed) {
            ended = how;
            events.add(END);
        }
    }

    private void assertReaderAlive() {
        if (broken != null) {
            throw new AssertionError("the stream's reader failed: " + broken, broken);
        }
    }

    /**
     * The next event within {@code nanos}, or null when none came; fails once the reader has reached
     * the server's end of the stream (or failed), after every event that came before it was taken.
     */
    private Event poll(long nanos, String expected) throws InterruptedException {
        Event event = events.poll(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        if (event == END) {
            events.addFirst(END); // every later read sees the end too
            assertReaderAlive();
            throw new AssertionError("the server ended the stream (" + ended + ") while " + expected);
        }
        return event;
    }

    /** The next event as soon as it has arrived, or null when none does within {@code timeout}. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = poll(timeout.toNanos(), "the test waited for an event");
        assertReaderAlive();
        return event;
    }

    /** The next {@code count} events, waiting at most {@code timeout} for all of them. */
    public List<Event> take(int count, Duration timeout) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            Event event = poll(deadline - System.nanoTime(), "the test waited for event " + (taken.size() + 1)
                    + " of " + count + " (got " + taken + ")");
            assertReaderAlive();
            assertThat(event).as("event %d of %d within %s (got %s)", taken.size() + 1, count, timeout, taken).isNotNull();
            taken.add(event);
        }
        return taken;
    }

    /** Every event up to and including the first that matches, waiting at most {@code timeout} in all. */
    public List<Event> takeUntil(Predicate<Event> last, Duration timeout) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = poll(deadline - System.nanoTime(), "the test waited for an event matching (got " + taken + ")");
            assertReaderAlive();
            assertThat(event).as("an event matching within %s (got %s)", timeout, taken).isNotNull();
            taken.add(event);
            if (last.test(event)) {
                return taken;
            }
        }
    }

    /** The next {@code count} events that are changes, not folder totals, and the totals between them. */
    public List<Event> takeChanges(int count, Duration timeout) throws InterruptedException {
        List<Event> changes = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (changes.size() < count) {
            Event event = poll(deadline - System.nanoTime(), "the test waited for change " + (changes.size() + 1)
                    + " of " + count + " (got " + changes + ")");
            assertReaderAlive();
            assertThat(event).as("change %d of %d within %s (got %s)", changes.size() + 1, count, timeout, changes)
                    .isNotNull();
            if (!event.isCounted()) {
                changes.add(event);
            }
        }
        return changes;
    }

    /**
     * Every event that arrives until none has for {@code quiet}, the stream still open. After the test
     * closed the stream: every event that had arrived.
     */
    public List<Event> takeAll(Duration quiet) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        for (Event event = poll(quiet.toNanos(), "the test took every event (got " + taken + ")"); event != null;
                event = poll(quiet.toNanos(), "the test took every event (got " + taken + ")")) {
            taken.add(event);
        }
        assertReaderAlive();
        return taken;
    }

    /** Nothing more arrives within {@code wait}, and the stream is still open with its reader reading. */
    public void assertNothingMore(Duration wait) throws InterruptedException {
        assertThat(poll(wait.toNanos(), "the test expected a quiet open stream")).as("an unexpected event").isNull();
        assertReaderAlive();
    }

    /**
     * Waits for the server to end the stream, at most {@code timeout}, and returns the events that
     * came before its end and were not taken yet. Fails when the stream is still open by then, or
     * when the reader failed instead.
     */
    public List<Event> awaitEnded(Duration timeout) throws InterruptedException {
        List<Event> before = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = events.poll(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
            if (event == END) {
                events.addFirst(END);
                assertReaderAlive();
                return before;
            }
            assertThat(event).as("the server ended the stream within %s (events meanwhile: %s)", timeout, before)
                    .isNotNull();
            before.add(event);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (lines != null) {
            lines.close();
        }
    }
}
