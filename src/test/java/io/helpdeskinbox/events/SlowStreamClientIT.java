package io.helpdeskinbox.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.WireResponse;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A client that opens a stream and never reads it fills its socket, then its buffer in the server,
 * and is disconnected; meanwhile a client that reads gets every event within a second of its commit.
 */
class SlowStreamClientIT extends InboxIntegrationTest {

    /** 1,600 events of 8 KB: past what the sockets absorb, then past the 1,000 a client's buffer holds. */
    private static final int MESSAGES = 1_600;
    private static final int WRITERS = 4;

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
                writer.get();
            }
            writing.set(false);
            receiver.join(Duration.ofSeconds(30).toMillis());

            assertThat(receivedAt.keySet()).as("the reading client got every message").containsAll(committedAt.keySet());
            long slowest = committedAt.entrySet().stream()
                    .mapToLong(entry -> receivedAt.get(entry.getKey()) - entry.getValue()).max().orElseThrow();
            assertThat(Duration.ofNanos(slowest)).as("the slowest event's way from commit to the reading client")
                    .isLessThan(Duration.ofSeconds(1));
            WireResponse scrape = WireResponse.send(inbox.http().get().uri("/actuator/prometheus"));
            assertThat(scrape.body()).as("the client that never read was disconnected")
                    .containsPattern("(?m)^inbox_events_slow_disconnects_total(\\{[^}]*\\})? [1-9]");
        } finally {
            writers.shutdownNow();
        }
    }
}
