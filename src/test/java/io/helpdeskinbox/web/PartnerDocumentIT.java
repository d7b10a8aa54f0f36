package io.helpdeskinbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.WireResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The served OpenAPI document as a partner uses it: linted by Redocly CLI with its recommended
 * rules, an operation id in the API's words and a summary and a tag on every operation, and equal
 * to {@code docs/openapi.json}, from which the build generates the Java client PartnerClientIT drives.
 */
class PartnerDocumentIT extends InboxIntegrationTest {

    /** The document the client is generated from; the served one without its servers (they name the caller's host). */
    static final Path SNAPSHOT = Path.of("docs/openapi.json");
    private static final Path SERVED = Path.of("target/openapi/api-docs.json");
    private static final Path LINTED = Path.of("target/openapi/api-docs-as-served.json");
    private static final Path REDOCLY = Path.of("tools/openapi-lint/node_modules/.bin/redocly");
    private static final Path LINT_CONFIG = Path.of("tools/openapi-lint/redocly.yaml");
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    void theServedDocumentPassesRedoclysRecommendedRules() throws Exception {
        Path served = writeServed(servedDocument());
        assertThat(REDOCLY).as("Redocly CLI is installed by the build (npm ci in tools/openapi-lint)").exists();

        ProcessBuilder lint = new ProcessBuilder(REDOCLY.toString(), "lint", "--config", LINT_CONFIG.toString(),
                "--format", "stylish", served.toString()).redirectErrorStream(true);
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = lint.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("redocly finished").isTrue();

        assertThat(process.exitValue()).as("redocly lint (0 errors expected):%n%s", output).isZero();
        assertThat(output).as(output).doesNotContainPattern("\\b[1-9][0-9]* errors?\\b");
    }

    @Test
    void everyOperationHasAnIdInTheApisWordsASummaryATagAndItsRoles() {
        JsonNode docs = servedDocument();
        Map<String, String> ids = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        docs.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            String operation = entry.getKey().toUpperCase() + " " + path.getKey();
            JsonNode body = entry.getValue();
            String id = body.path("operationId").asString("");
            if (!id.matches("[a-z][A-Za-z]+")) { // nothing generated such as list_1, no empty id
                problems.add(operation + ": operationId '" + id + "'");
            }
            String earlier = ids.put(id, operation);
            if (earlier != null) {
                problems.add(operation + ": operationId '" + id + "' also names " + earlier);
            }
            if (body.path("summary").asString("").isBlank()) {
                problems.add(operation + ": no summary");
            }
            if (body.path("tags").size() != 1) {
                problems.add(operation + ": tags " + body.path("tags"));
            }
            // open to anyone: signing in and accepting an invitation (one empty requirement, said on purpose);
            // every other: the bearer roles, in one of its requirements (a console session's is the other)
            boolean open = body.path("security").size() == 1 && body.path("security").path(0).isEmpty();
            boolean bearerRoles = false;
            for (JsonNode requirement : body.path("security")) {
                bearerRoles |= !requirement.path("bearer").isEmpty();
            }
            if (!open && !bearerRoles) {
                problems.add(operation + ": no roles in its security requirement");
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(ids).containsKeys("listConversations", "assignConversation", "transferConversation", "createApiKey");
        assertThat(docs.path("info").path("license").path("name").asString()).isNotBlank();
        assertThat(docs.path("info").path("contact").isObject()).isTrue();
    }

    @Test
    void theClientIsGeneratedFromTheServedDocument() throws IOException {
        JsonNode served = servedDocument();
        writeServed(served);
        JsonNode snapshot = PRETTY.readTree(Files.readString(SNAPSHOT));

        assertThat(withoutServers(served))
                .as("%s is behind the served document: cp %s %s, then build again (the partner client is "
                        + "generated from it)", SNAPSHOT, SERVED, SNAPSHOT)
                .isEqualTo(snapshot);
    }

    private JsonNode servedDocument() {
        return WireResponse.send(inbox.anonymous().http().get().uri("/v3/api-docs")).json();
    }

    /**
     * Writes the served document as docs/openapi.json holds it (for whoever refreshes the snapshot)
     * and as served (for the lint, which wants servers).
     */
    private static Path writeServed(JsonNode served) throws IOException {
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, PRETTY.writeValueAsString(withoutServers(served)) + "\n");
        Files.writeString(LINTED, PRETTY.writeValueAsString(served) + "\n");
        return LINTED;
    }

    private static JsonNode withoutServers(JsonNode document) {
        ObjectNode copy = (ObjectNode) document.deepCopy();
        copy.remove("servers");
        return copy;
    }
}
