package io.helpdeskinbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A response as it came off the wire: status, headers and the raw body. Error responses are read
 * raw rather than through a JSON converter, so a body that is not JSON at all (an HTML error page,
 * a stack trace) is seen as it is instead of failing the conversion.
 */
public record WireResponse(String request, int status, HttpHeaders headers, String body, JsonNode json) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What no response may ever reveal: exception names, stack frames, framework and SQL internals. */
    private static final List<String> INTERNALS = List.of("Exception", "at io.", "org.springframework",
            "tools.jackson", "com.fasterxml", "SQL", "org.hibernate", "org.postgresql", "java.lang", "Caused by");

    public static WireResponse send(RestTestClient.RequestHeadersSpec<?> request) {
        EntityExchangeResult<byte[]> result = request.exchange().returnResult(byte[].class);
        byte[] raw = result.getResponseBody();
        String body = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        String described = result.getMethod() + " " + abbreviate(result.getUrl().toString());
        return new WireResponse(described, result.getStatus().value(), result.getResponseHeaders(), body, parse(body));
    }

    /** A success of this status; on anything else, the request and what it answered. */
    public WireResponse assertStatus(int expectedStatus) {
        assertThat(status).as("%s answered %s", request, body).isEqualTo(expectedStatus);
        return this;
    }

    /**
     * An RFC 9457 problem document with this status: the problem media type and the members the
     * contract names. A 400 also carries the {@code errors} list, each entry naming a field.
     */
    public WireResponse assertProblem(int expectedStatus) {
        assertThat(status).as("status of %s -> %s", request, abbreviate(body)).isEqualTo(expectedStatus);
        MediaType contentType = headers.getContentType();
        assertThat(contentType).as("Content-Type of %s", request).isNotNull();
        assertThat(contentType.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                .as("Content-Type of %s is %s: %s", request, contentType, abbreviate(body)).isTrue();
        assertThat(json).as("body of %s is JSON: %s", request, abbreviate(body)).isNotNull();
        assertThat(json.path("type").asString("")).as("type of %s: %s", request, abbreviate(body)).isNotBlank();
        assertThat(json.path("title").asString("")).as("title of %s", request).isNotBlank();
        assertThat(json.path("detail").asString("")).as("detail of %s", request).isNotBlank();
        assertThat(json.path("status").isIntegralNumber()).as("status member of %s", request).isTrue();
        assertThat(json.path("status").asInt()).as("status member of %s", request).isEqualTo(expectedStatus);
        if (expectedStatus == 400) {
            assertThat(json.path("errors").isArray()).as("errors of %s: %s", request, body).isTrue();
            json.path("errors").forEach(error -> {
                assertThat(error.path("field").isString()).as("errors[].field of %s: %s", request, body).isTrue();
                assertThat(error.path("message").isString()).as("errors[].message of %s: %s", request, body).isTrue();
            });
        }
        return this;
    }

    /** The {@code type} member is present, as the contract lists it among every problem's members. */
    public WireResponse assertProblemTypeIsNamed() {
        assertThat(json.path("type").asString("")).as("type member of %s: %s", request, body).isNotBlank();
        return this;
    }

    /** The same response, described as this request in assertion messages. */
    public WireResponse describedAs(String description) {
        return new WireResponse(description + " (" + request + ")", status, headers, body, json);
    }

    /** The {@code type} member ends with this problem name, e.g. {@code conversation-not-found}. */
    public WireResponse assertProblemType(String problemName) {
        assertThat(json.path("type").asString()).as("type of %s", request)
                .isEqualTo("https://helpdeskinbox.io/problems/" + problemName);
        return this;
    }

    /** Fields named in {@code errors}, in order. */
    public List<String> errorFields() {
        return json.path("errors").valueStream().map(error -> error.path("field").asString()).toList();
    }

    public WireResponse assertRevealsNoInternals() {
        assertThat(body).as("body of %s", request).doesNotContain(INTERNALS);
        return this;
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "… (" + text.length() + " chars)";
    }
}
