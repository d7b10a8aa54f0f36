package io.helpdeskinbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.InboxApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another app instance in a JVM of its own on the test database, which a test can kill as a machine
 * dies: at once (SIGKILL), with whatever it had in flight. Nothing of its shutdown runs; its database
 * sessions and its sockets are simply gone. {@link SecondInstance} shares the test's JVM and can only
 * be closed gracefully.
 */
public final class InstanceProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final Process process;
    private final int port;
    private final Path log;

    /** With these properties set differently from the test defaults (as a {@link SecondInstance}). */
    public InstanceProcess(Map<String, String> overrides) throws Exception {
        this.port = freePort();
        Map<String, String> properties = SecondInstance.properties(overrides);
        properties.put("server.port", String.valueOf(port));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), InboxApplication.class.getName()));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        this.log = Files.createTempFile("inbox-instance", ".log");
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public InboxClient client() {
        return new InboxClient("http://localhost:" + port, InboxIntegrationTest.ADMIN_TOKEN);
    }

    /** Kills the instance at once, as a machine failure would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed instance is gone").isTrue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
        Files.deleteIfExists(log);
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the instance exited:%n%s", Files.readString(log)).isTrue();
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the instance was not ready within " + STARTUP + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
