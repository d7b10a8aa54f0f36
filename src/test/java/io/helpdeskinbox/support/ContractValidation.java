package io.helpdeskinbox.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * The served OpenAPI document as the judge of the suite's traffic: each request a test sends
 * through the shared clients ({@link InboxClient}, {@link SseClient}, {@link ValidatingHttpClient})
 * and each response it gets are checked with Atlassian's swagger-request-validator against the
 * document the server under test serves, read once per server. A violation fails the call that
 * caused it, with the validator's report. Responses must carry exactly the documented members
 * (additional properties are errors too).
 *
 * <p>A request a test sends to break the contract on purpose (malformed JSON, a missing token, a
 * wrong media type, a method no route has) is sent as {@linkplain #INVALID_REQUEST meant to be
 * invalid}: only its response is checked, against the operation its method and path name. Streams
 * (text/event-stream) are checked for status and headers only. The document describes {@code /api/**};
 * the console, the actuator and the document itself are outside it and not checked.
 *
 * <p>{@code -Dcontract.violations=<file>} records every violation of a run in that file instead of
 * failing the test: for seeing all of them at once, never for a build.
 */
public final class ContractValidation {

    /**
     * A request attribute ({@code RestTestClient}'s {@code .attribute(INVALID_REQUEST, true)}): this
     * one request breaks the contract on purpose.
     */
    public static final String INVALID_REQUEST = ContractValidation.class.getName() + ".invalidRequest";

    private static final String DOCUMENTED = "/api/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, ContractValidation> BY_SERVER = new ConcurrentHashMap<>();
    /** Request problems after which no operation is known to check the response against. */
    private static final Set<String> NO_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");
    private static final Path RECORDED = System.getProperty("contract.violations") == null ? null
            : Path.of(System.getProperty("contract.violations"));

    private final OpenApiInteractionValidator validator;

    private ContractValidation(String servedDocument) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(servedDocument)
                .withLevelResolver(LevelResolver.create()
                        // a member the document does not name is a violation, not an extension
                        .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                        .build())
                .build();
    }

    /** The validator for the server at {@code baseUrl}, from the document it serves. */
    public static ContractValidation of(String baseUrl) {
        return BY_SERVER.computeIfAbsent(baseUrl, ContractValidation::load);
    }

    private static ContractValidation load(String baseUrl) {
        try {
            HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/v3/api-docs")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (served.statusCode() != 200) {
                throw new IllegalStateException("GET /v3/api-docs -> " + served.statusCode() + ": " + served.body());
            }
            return new ContractValidation(JSON.writeValueAsString(OpenApi30Rendering.of(JSON.readTree(served.body()))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One exchange as it went over the wire; {@code responseBody} null for a stream, whose body is not read here. */
    public record Exchange(String method, URI uri, HttpHeaders requestHeaders, byte[] requestBody, int status,
            HttpHeaders responseHeaders, byte[] responseBody) {
    }

    /** Fails (or records, see above) when the exchange breaks the document. */
    public void check(Exchange exchange, boolean requestMeantInvalid) {
        String path = exchange.uri().getRawPath();
        if (!path.startsWith(DOCUMENTED)) {
            return;
        }
        Request.Method method = Request.Method.valueOf(exchange.method());
        List<String> violations = new ArrayList<>();
        ValidationReport requestReport = validator.validateRequest(request(method, exchange));
        if (requestReport.hasErrors() && !requestMeantInvalid) {
            violations.add("the request:\n" + describe(requestReport));
        }
        boolean operationKnown = requestReport.getMessages().stream().noneMatch(m -> NO_OPERATION.contains(m.getKey()));
        if (operationKnown) {
            ValidationReport responseReport = validator.validateResponse(path, method, response(exchange));
            if (exchange.responseBody() == null) { // a stream: its body is events, not one document
                responseReport = ValidationReport.from(responseReport.getMessages().stream()
                        .filter(m -> !m.getKey().startsWith("validation.response.body")).toList());
            }
            if (responseReport.hasErrors()) {
                violations.add("the response:\n" + describe(responseReport));
            }
        }
        if (violations.isEmpty()) {
            return;
        }
        String report = ("%s %s -> %d breaks the served OpenAPI document (docs/openapi.json)%s:%n%s%n"
                + "request body: %s%nresponse body: %s").formatted(exchange.method(),
                        abbreviate(exchange.uri().toString()), exchange.status(),
                        requestMeantInvalid ? " (the request is meant to be invalid; its response is not)" : "",
                        String.join("\n", violations), text(exchange.requestBody()), text(exchange.responseBody()));
        if (RECORDED == null) {
            throw new AssertionError(report);
        }
        record(report);
    }

    /** Headers as java.net.http has them, for an {@link Exchange}. */
    static HttpHeaders headers(java.net.http.HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        headers.map().forEach(copy::addAll);
        return copy;
    }

    private static synchronized void record(String report) {
        try {
            Files.writeString(RECORDED, report + "\n\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Request request(Request.Method method, Exchange exchange) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, exchange.uri().getRawPath());
        String query = exchange.uri().getRawQuery();
        if (query != null && !query.isEmpty()) {
            Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
            parameters.forEach(request::withQueryParam);
        }
        exchange.requestHeaders().forEach(request::withHeader);
        if (exchange.requestBody() != null && exchange.requestBody().length > 0) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static SimpleResponse response(Exchange exchange) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        exchange.responseHeaders().forEach(response::withHeader);
        if (exchange.responseBody() != null && exchange.responseBody().length > 0) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  - " + m.getKey() + ": " + m.getMessage()
                        + m.getNestedMessages().stream().map(n -> "\n      " + n.getKey() + ": " + n.getMessage())
                                .collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }

    private static String decode(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    private static String text(byte[] body) {
        return body == null ? "(a stream)" : body.length == 0 ? "(none)" : abbreviate(new String(body, StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "… (" + text.length() + " chars)";
    }
}
