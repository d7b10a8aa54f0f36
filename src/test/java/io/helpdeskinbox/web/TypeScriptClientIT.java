package io.helpdeskinbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README walkthrough as a TypeScript frontend or partner runs it: through the strict client
 * generated from docs/openapi.json (tools/ts-client, type-checked by {@code tsc --strict} in the
 * build), every operation of the document, errors included. Run straight against the service, and
 * through Stoplight's Prism in proxy mode, which validates each real request and response against
 * the served document: the walkthrough must pass and Prism must find no violation.
 */
@TestPropertySource(properties = {
        // Prism validates a response whole, so it passes a live stream on only once the service ends it
        "inbox.events.stream-timeout=PT2S"})
class TypeScriptClientIT extends InboxIntegrationTest {

    private static final Path TOOLS = Path.of("tools/ts-client");
    private static final Path WALKTHROUGH = TOOLS.resolve("dist/src/walkthrough.js");
    private static final Path PRISM = TOOLS.resolve("node_modules/.bin/prism");
    private static final Path OUTPUT = Path.of("target/ts-client");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void theWalkthroughRunsGreenThroughTheStrictClient() throws Exception {
        JsonNode report = walkthrough("direct", "http://localhost:" + port);

        assertThat(operationsNotCalled(report)).as("operations of the document the walkthrough never called").isEmpty();
    }

    @Test
    void prismInProxyModeFindsNoViolationOverEveryOperation() throws Exception {
        try (Prism prism = Prism.proxy(writeServedDocument(), "http://localhost:" + port, false, "prism")) {
            JsonNode report = walkthrough("through-prism", prism.url());

            assertThat(operationsNotCalled(report)).as("operations of the document the walkthrough never called").isEmpty();
            assertThat(violations(report))
                    .as("Prism's violations (its sl-violations header), each with the operation, status and how many "
                            + "times it came; Prism's log: %s", prism.logFile)
                    .isEmpty();
            assertThat(prism.violationLines()).as("violations in Prism's log %s", prism.logFile).isEmpty();
        }
    }

    /** As the acceptance words it: with --errors Prism answers a violation with an error, which fails the walkthrough. */
    @Test
    void theWalkthroughPassesThroughPrismWithErrors() throws Exception {
        try (Prism prism = Prism.proxy(writeServedDocument(), "http://localhost:" + port, true, "prism-errors")) {
            JsonNode report = walkthrough("through-prism-errors", prism.url());

            assertThat(violations(report)).as("Prism's violations; its log: %s", prism.logFile).isEmpty();
        }
    }

    /** Runs the compiled walkthrough with node; a non-zero exit or a failure it printed fails the test. */
    private JsonNode walkthrough(String name, String url) throws Exception {
        assertThat(WALKTHROUGH).as("the walkthrough is compiled by the build (npm run check in %s)", TOOLS).exists();
        Files.createDirectories(OUTPUT);
        Path reportFile = OUTPUT.resolve("walkthrough-" + name + ".json").toAbsolutePath();
        Files.deleteIfExists(reportFile);
        Path logFile = OUTPUT.resolve("walkthrough-" + name + ".log");
        ProcessBuilder node = new ProcessBuilder("node", WALKTHROUGH.toString(), url)
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        node.environment().put("INBOX_ADMIN_TOKEN", ADMIN_TOKEN);
        node.environment().put("WALKTHROUGH_REPORT", reportFile.toString());
        Process process = node.start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(logFile);

        assertThat(ended).as("the walkthrough ended within 180 s:%n%s", output).isTrue();
        assertThat(reportFile).as("the walkthrough's report:%n%s", output).exists();
        JsonNode report = JSON.readTree(Files.readString(reportFile));
        assertThat(process.exitValue()).as("the walkthrough's exit (%s):%n%s%nviolations on the way:%n%s",
                name, output, String.join("\n", violations(report))).isZero();
        assertThat(output).as(output).doesNotContain("FAILED").doesNotContain("AssertionError");
        assertThat(report.path("passed").asBoolean()).as(output).isTrue();
        return report;
    }

    /** The document's operations (by id) whose method and path the walkthrough never called. */
    private Set<String> operationsNotCalled(JsonNode report) {
        Map<String, String> operations = new TreeMap<>();
        servedDocument().get("paths").properties().forEach(path -> path.getValue().properties().forEach(
                operation -> operations.put(operation.getKey().toUpperCase() + " " + path.getKey(),
                        operation.getValue().path("operationId").asString())));
        Set<String> missing = new TreeSet<>(operations.values());
        for (JsonNode call : report.get("calls")) {
            String operation = call.get("method").asString() + " " + call.get("path").asString();
            assertThat(operations).as("the walkthrough called %s, which the document does not name", operation)
                    .containsKey(operation);
            missing.remove(operations.get(operation));
        }
        return missing;
    }

    /**
     * Every violation Prism reported, once each with the operation and status it came with and how
     * many times (an item's index in a list read as {@code *}).
     */
    private static Set<String> violations(JsonNode report) {
        Map<String, Integer> seen = new TreeMap<>();
        for (JsonNode call : report.get("calls")) {
            for (JsonNode violation : call.get("violations")) {
                String location = String.join(".", violation.path("location").valueStream().map(JsonNode::asString).toList());
                String line = "%s %s -> %d: %s %s: %s".formatted(call.get("method").asString(), call.get("path").asString(),
                        call.get("status").asInt(), violation.path("severity").asString(""), location,
                        violation.path("message").asString(violation.toString()));
                seen.merge(line.replaceAll("\\.\\d+\\.", ".*."), 1, Integer::sum);
            }
        }
        Set<String> lines = new TreeSet<>();
        seen.forEach((line, times) -> lines.add(times == 1 ? line : line + " (" + times + " times)"));
        return lines;
    }

    private JsonNode servedDocument() {
        return WireResponse.send(inbox.anonymous().http().get().uri("/v3/api-docs")).json();
    }

    /** The served document, written for Prism. */
    private Path writeServedDocument() throws IOException {
        Files.createDirectories(OUTPUT);
        Path file = OUTPUT.resolve("api-docs.json").toAbsolutePath();
        Files.writeString(file, JSON.writeValueAsString(servedDocument()));
        return file;
    }

    /** Prism (tools/ts-client) in proxy mode in front of the service, on a port of its own. */
    private static final class Prism implements AutoCloseable {

        private final Process process;
        private final int port;
        private final Path logFile;
        private final List<String> log = new CopyOnWriteArrayList<>();
        private final CountDownLatch listening = new CountDownLatch(1);

        private Prism(Process process, int port, Path logFile) {
            this.process = process;
            this.port = port;
            this.logFile = logFile;
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        log.add(line);
                        if (line.contains("Prism is listening")) {
                            listening.countDown();
                        }
                    }
                } catch (IOException ended) {
                    // the process was stopped
                }
            }, "prism-log");
            reader.setDaemon(true);
            reader.start();
        }

        static Prism proxy(Path document, String upstream, boolean errors, String name) throws Exception {
            assertThat(PRISM).as("Prism is installed by the build (npm ci in %s)", TOOLS).exists();
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of(PRISM.toString(), "proxy", document.toString(), upstream,
                    "--host", "127.0.0.1", "--port", String.valueOf(port)));
            if (errors) {
                command.add("--errors");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("FORCE_COLOR", "0");
            Prism prism = new Prism(builder.start(), port, OUTPUT.resolve(name + ".log"));
            if (!prism.listening.await(90, TimeUnit.SECONDS)) {
                prism.close();
                throw new AssertionError("Prism did not start within 90 s: " + String.join("\n", prism.log));
            }
            return prism;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        List<String> violationLines() {
            return log.stream().filter(line -> line.contains("Violation:")).toList();
        }

        @Override
        public void close() throws InterruptedException, IOException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.write(logFile, log);
        }
    }
}
