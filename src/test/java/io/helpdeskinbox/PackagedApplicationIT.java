package io.helpdeskinbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar the package phase built, started as README says to run it: the tests' classpath is not
 * the jar's, and a dependency scoped for the tests alone can leave the jar without a class it needs
 * (it once left out springdoc's Jackson 2, and the app did not start while every other test passed).
 */
class PackagedApplicationIT {

    @Test
    void theBuiltJarStartsAndServesItsHealthAndItsApiDocument() throws Exception {
        Path jar = builtJar();
        TestDatabase.Coordinates db = TestDatabase.get();
        int port = freePort();
        Path log = Files.createTempFile("packaged-app", ".log");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--server.port=" + port,
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(), "--inbox.admin-token=packaged-admin-token-0123456789")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = awaitReady(http, "http://localhost:" + port + "/actuator/health/readiness", app, log);
            assertThat(ready.statusCode()).isEqualTo(200);

            HttpResponse<String> docs = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(docs.statusCode()).as(Files.readString(log)).isEqualTo(200);
            assertThat(docs.body()).contains("\"operationId\":\"assignConversation\"");
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    private static HttpResponse<String> awaitReady(HttpClient http, String url, Process app, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(app.isAlive()).as("the jar exited:%n%s", Files.readString(log)).isTrue();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the jar was not ready within 90 s:\n" + Files.readString(log));
    }

    private static Path builtJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().matches("helpdesk-inbox-.*\\.jar"))
                    .filter(file -> !file.getFileName().toString().endsWith("-plain.jar")).toList();
            assertThat(jars).as("the package phase's jar in target/").hasSize(1);
            return jars.get(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
