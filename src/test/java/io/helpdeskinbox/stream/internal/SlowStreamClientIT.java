package io.helpdeskinbox.stream.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A client that opens a stream and never reads it fills its socket, then its buffer in the server,
 * and is disconnected: the server ends its response. Meanwhile a client that reads gets every
 * event soon after its commit (in production within a second; here within three, which a loaded CI
 * machine keeps too, while a client stuck in a dispatch would hold the others up until its disconnect).
 */
class SlowStreamClientIT extends InboxIntegrationTest {

    /** 1,600 events of 8 KB: past what the sockets absorb, then past the 1,000 a client's buffer holds. */
    private static final int MESSAGES = 1_600;
    private static final int WRITERS = 4;
    private static final Pattern DISCONNECTS =
            Pattern.compile("(?m)^inbox_events_slow_disconnects_total(?:\\{[^}]*})? (\\S+)$");

    @Test
    void aClientThatNeverReadsIsDisconnectedAndNeverDelaysTheOthers() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try (Socket stuck = new Socket(); SseClient reader = SseClient.connect("http://localhost:" + port, ADMIN_TOKEN,
                null, "types=message.created")) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("localhost", port));
            OutputStream request = stuck.getOutputStream();
            request.write(("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + ADMIN_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush();
            reader.takeAll(Duration.ofMillis(500)); // the totals sent on connect
            double disconnectedBefore = slowDisconnects();

            Map<Long, Long> committedAt = new ConcurrentHashMap<>();
            Map<Long, Long> receivedAt = new ConcurrentHashMap<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread receiver = new Thread(() -> {
                try {
                    while (writing.get() || receivedAt.size() < MESSAGES) {
                        SseClient.Event event = reader.next(Duration.ofSeconds(5));
                        if (event == null) {
                            return;
                        }
                        receivedAt.put(event.data().path("message").path("id").asLong(), System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            receiver.start();
            String text = "A long message from a visitor. ".repeat(260); // about 8 KB
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long conversation = inbox.startConversation("Visitor " + w);
                done.add(writers.submit(() -> {
                    for (int i = 0; i < MESSAGES / WRITERS; i++) {
                        long id = inbox.post("/api/v1/conversations/" + conversation + "/messages",
                                Map.of("author", "VISITOR", "text", text), HttpStatus.CREATED).get("id").asLong();
                        committedAt.put(id, System.nanoTime());
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            receiver.join(Duration.ofSeconds(30).toMillis());

            assertThat(receivedAt.keySet()).as("the reading client got every message").containsAll(committedAt.keySet());
            long slowest = committedAt.entrySet().stream()
                    .mapToLong(entry -> receivedAt.get(entry.getKey()) - entry.getValue()).max().orElseThrow();
            assertThat(Duration.ofNanos(slowest)).as("the slowest event's way from commit to the reading client")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(slowDisconnects() - disconnectedBefore).as("clients disconnected for reading too slowly: the one")
                    .isEqualTo(1);
            assertEndedByTheServer(stuck);
        } finally {
            writers.shutdownNow();
        }
    }

    /**
     * Reads what the server had sent the stuck client: its response ends there, with the last chunk of
     * a chunked body (the connection may then stay open for another request) or with the connection
     * closed. A stream the server still held open would leave the read waiting, heartbeats or not.
     */
    private static void assertEndedByTheServer(Socket client) throws IOException {
        client.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        InputStream sent = new BufferedInputStream(client.getInputStream(), 64 * 1024);
        byte[] lastChunk = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = new byte[lastChunk.length];
        long read = 0;
        try {
            for (int b = sent.read(); b >= 0; b = sent.read()) {
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                tail[tail.length - 1] = (byte) b;
                read++;
                if (Arrays.equals(tail, lastChunk)) {
                    return;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the stuck client's stream is still open: after " + read + " bytes nothing came "
                    + "from the server for 10 s, neither the response's end nor the connection's", stillOpen);
        } catch (SocketException reset) {
            // closed by the server with data the client never read: a reset, as good as an end
        }
    }

    private double slowDisconnects() {
        String scrape = WireResponse.send(inbox.http().get().uri("/actuator/prometheus")).body();
        Matcher disconnects = DISCONNECTS.matcher(scrape);
        assertThat(disconnects.find()).as("inbox_events_slow_disconnects_total in the scrape").isTrue();
        return Double.parseDouble(disconnects.group(1));
    }
}
