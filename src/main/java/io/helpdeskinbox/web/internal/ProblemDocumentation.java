package io.helpdeskinbox.web.internal;

import io.helpdeskinbox.web.Problems;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RFC 9457 problems in the OpenAPI document: each operation lists every problem status it can
 * answer with, as application/problem+json with an example, and no other.
 */
@Configuration(proxyBeanMethods = false)
class ProblemDocumentation {

    private static final String PROBLEM = "application/problem+json";

    /** A problem some operations give and others cannot. */
    private record OperationProblem(String status, String description, String type) {
    }

    private static final OperationProblem EMAIL_IN_USE = new OperationProblem("409",
            "Another active agent has this e-mail address", "email-in-use");
    private static final OperationProblem AGENT_INACTIVE = new OperationProblem("409",
            "The agent is inactive (deactivated): it can be read, not changed", "agent-inactive");
    private static final OperationProblem TEAM_NAME_IN_USE = new OperationProblem("409",
            "Another team has this name (in any case)", "team-name-in-use");
    private static final OperationProblem STATE_CONFLICT = new OperationProblem("409",
            "Not allowed in the conversation's current state (currentStatus, currentAssigneeId)",
            "conversation-state-conflict");
    private static final OperationProblem VERSION_MISMATCH = new OperationProblem("412",
            "If-Match names another version than the conversation's (currentVersion)", "version-mismatch");
    private static final OperationProblem UNKNOWN_AGENT = new OperationProblem("422",
            "Unknown or inactive agent in the body", "unknown-agent");
    private static final OperationProblem UNKNOWN_TEAM = new OperationProblem("422",
            "Unknown team in the body", "unknown-team");

    /** By operation id: the problems only these operations give. */
    private static final Map<String, List<OperationProblem>> OPERATION_PROBLEMS = Map.ofEntries(
            Map.entry("createAgent", List.of(EMAIL_IN_USE)),
            Map.entry("updateAgent", List.of(new OperationProblem("409", "Another active agent has this e-mail "
                    + "address (email-in-use), or the agent is inactive (agent-inactive)", "email-in-use"))),
            Map.entry("changeAgentAvailability", List.of(AGENT_INACTIVE)),
            Map.entry("createTeam", List.of(TEAM_NAME_IN_USE)),
            Map.entry("updateTeam", List.of(TEAM_NAME_IN_USE)),
            Map.entry("addTeamMember", List.of(AGENT_INACTIVE)),
            Map.entry("reissueAgentToken", List.of(AGENT_INACTIVE)),
            Map.entry("inviteAgent", List.of(AGENT_INACTIVE)),
            Map.entry("signOut", List.of(new OperationProblem("404",
                    "The request came with a bearer token, not a console session: no session to end", "session-not-found"))),
            Map.entry("startConversation", List.of(new OperationProblem("422",
                    "The Idempotency-Key was used before with another request body (idempotency-key-reused), or the "
                            + "body names an unknown team (unknown-team)", "idempotency-key-reused"))),
            Map.entry("routeConversation", List.of(VERSION_MISMATCH, UNKNOWN_TEAM)),
            Map.entry("assignConversation", List.of(STATE_CONFLICT, VERSION_MISMATCH, UNKNOWN_AGENT)),
            Map.entry("transferConversation", List.of(STATE_CONFLICT, VERSION_MISMATCH, new OperationProblem("422",
                    "Unknown or inactive agent (unknown-agent), or unknown team (unknown-team), in the body",
                    "unknown-agent"))),
            Map.entry("unassignConversation", List.of(STATE_CONFLICT, VERSION_MISMATCH)),
            Map.entry("archiveConversation", List.of(STATE_CONFLICT, VERSION_MISMATCH)),
            Map.entry("reopenConversation", List.of(STATE_CONFLICT, VERSION_MISMATCH)),
            Map.entry("requestHandoff", List.of(STATE_CONFLICT, VERSION_MISMATCH)),
            Map.entry("postConversationMessage", List.of(STATE_CONFLICT, UNKNOWN_AGENT)));

    /** Open to every role, yet refusing some callers: an agent writes only as itself, an integration never as one. */
    private static final List<String> REFUSING_BY_RULE = List.of("postConversationMessage");

    /**
     * Every problem each operation can answer with, as application/problem+json: the ones any
     * operation can give, 404 where the path names a resource, 413 and 415 where it takes a body, 403
     * where its roles or its rules refuse some callers, and the ones only some operations give.
     */
    @Bean
    OpenApiCustomizer documentedProblemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                add(operation, "400", "Invalid request: malformed JSON, wrong types, invalid fields or parameters, "
                        + "or a URL no route accepts (errors[])", "invalid-request");
                if ("signIn".equals(operation.getOperationId())) {
                    add(operation, "401", "The email or the password is wrong (one answer for both)", "sign-in-failed");
                }
                add(operation, "401", "No valid bearer token or console session", "unauthenticated");
                if (refusesSomeCallers(operation)) {
                    add(operation, "403", "The caller's role may not do this", "forbidden");
                }
                if (method != PathItem.HttpMethod.GET && acceptsSession(operation)) {
                    add(operation, "403", "The caller's role may not do this (forbidden), or a change made with a "
                            + "console session's cookie came without its X-XSRF-TOKEN header (csrf-token-missing)",
                            "forbidden");
                }
                if (path.contains("{")) {
                    add(operation, "404", "No such " + resourceOf(path), resourceOf(path) + "-not-found");
                }
                add(operation, "406", "The Accept header allows none of the media types this operation answers with",
                        "not-acceptable");
                if (operation.getRequestBody() != null) {
                    add(operation, "413", "The request body is over the size limit (1 MiB by default)",
                            "request-too-large");
                    add(operation, "415", "The request body is not JSON (Content-Type)", "unsupported-media-type");
                }
                OPERATION_PROBLEMS.getOrDefault(operation.getOperationId(), List.of())
                        .forEach(problem -> add(operation, problem.status(), problem.description(), problem.type()));
                add(operation, "429", "Past the caller's rate limit, or too many refused tokens or failed sign-ins "
                        + "from this address (or, signing in, for this account): wait Retry-After seconds (RateLimit and RateLimit-Policy headers tell the quota)",
                        "rate-limited")
                        .addHeaderObject("Retry-After", secondsHeader("Seconds to wait before trying again"))
                        .addHeaderObject("RateLimit", textHeader(
                                "What is left of the quota: \"<policy>\";r=<left>;t=<seconds>"))
                        .addHeaderObject("RateLimit-Policy", textHeader(
                                "The quota: \"<policy>\";q=<requests>;w=<seconds>"));
                add(operation, "503", "The database cannot serve now (away, overloaded, timed out); nothing was "
                        + "changed: retry after Retry-After seconds", "service-unavailable")
                        .addHeaderObject("Retry-After", secondsHeader("Seconds to wait before retrying"));
            }));
        };
    }

    /** Whether a console session may call it: its changes then need the CSRF token. */
    private static boolean acceptsSession(Operation operation) {
        return operation.getSecurity() != null
                && operation.getSecurity().stream().anyMatch(requirement -> requirement.containsKey(ApiDocumentation.SESSION));
    }

    /** Whether its roles leave some callers out; an operation open to anyone (signing in) refuses nobody. */
    private static boolean refusesSomeCallers(Operation operation) {
        if (operation.getSecurity() != null && operation.getSecurity().stream().anyMatch(Map::isEmpty)) {
            return false;
        }
        List<String> roles = operation.getSecurity() == null ? List.of() : operation.getSecurity().stream()
                .map(requirement -> requirement.get(ApiDocumentation.BEARER)).filter(scopes -> scopes != null)
                .findFirst().orElse(List.of());
        return !roles.containsAll(List.of("ADMIN", "AGENT", "INTEGRATION"))
                || REFUSING_BY_RULE.contains(operation.getOperationId());
    }

    /** {@code /api/v1/api-keys/{apiKeyId}} names an api-key; a conversation's messages name a conversation. */
    private static String resourceOf(String path) {
        String collection = path.replaceFirst("^/api/v1/", "").replaceFirst("/.*$", "");
        return collection.endsWith("s") ? collection.substring(0, collection.length() - 1) : collection;
    }

    private static Header secondsHeader(String description) {
        return new Header().required(true).description(description).schema(new IntegerSchema().minimum(BigDecimal.ZERO));
    }

    private static Header textHeader(String description) {
        return new Header().required(true).description(description).schema(new StringSchema());
    }

    private static ApiResponse add(Operation operation, String status, String description, String type) {
        ApiResponse existing = operation.getResponses().get(status);
        if (existing != null) {
            return existing;
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problems.TYPE_BASE + type);
        example.put("title", description);
        example.put("status", Integer.valueOf(status));
        example.put("detail", description + ".");
        MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")).example(example);
        ApiResponse response = new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM, problem));
        operation.getResponses().addApiResponse(status, response);
        return response;
    }

    private static Schema<?> problemSchema() {
        ObjectSchema fieldError = new ObjectSchema();
        fieldError.addProperty("field", new StringSchema());
        fieldError.addProperty("message", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details");
        problem.addProperty("type", new StringSchema().format("uri"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema());
        problem.addProperty("requestId", new StringSchema());
        problem.addProperty("errors", new ArraySchema().items(fieldError));
        problem.addProperty("currentStatus", new StringSchema().description("409 conversation-state-conflict: its status")
                ._enum(List.of("UNASSIGNED", "ASSIGNED", "ARCHIVED")));
        problem.addProperty("currentAssigneeId", SchemaDocumentation.nullable(new IntegerSchema().format("int64"))
                .description("409 conversation-state-conflict: who holds it, null for nobody"));
        problem.addProperty("currentVersion", new IntegerSchema().format("int64")
                .description("412 version-mismatch: the conversation's version now"));
        problem.required(List.of("type", "title", "status", "detail"));
        return problem;
    }
}
