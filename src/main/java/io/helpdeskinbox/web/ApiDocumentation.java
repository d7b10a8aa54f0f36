package io.helpdeskinbox.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Contact;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at /v3/api-docs and /swagger-ui.html: the bearer scheme, and the
 * RFC 9457 problem responses each kind of operation can give, with an example each.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Helpdesk Inbox API", version = "v1", description = """
        Conversations in folders (Unassigned, Assigned, Archived, All), agents with live counters of \
        the conversations they manage, and one state machine: UNASSIGNED -> ASSIGNED -> ARCHIVED with \
        transfer, unassign and reopen. Errors are RFC 9457 problem documents. Every /api call needs \
        'Authorization: Bearer <token>': the admin token (INBOX_ADMIN_TOKEN), an agent's token (issued \
        when the agent is created) or an integration's API key. Each operation names the roles that \
        may call it in its security requirement (ADMIN, AGENT, INTEGRATION).""",
        license = @License(name = "Apache-2.0", identifier = "Apache-2.0"),
        contact = @Contact(name = "Helpdesk Inbox maintainers")),
        security = @SecurityRequirement(name = ApiDocumentation.BEARER),
        tags = {
                @Tag(name = "Conversations", description = "Folders, the state machine's actions, messages and the timeline"),
                @Tag(name = "Agents", description = "The agent directory, availability and counters"),
                @Tag(name = "Assignment settings", description = "How auto-assignment chooses agents"),
                @Tag(name = "Events", description = "Every committed change, live (Server-Sent Events)"),
                @Tag(name = "Webhooks", description = "Events POSTed to partners' receivers, signed, at least once"),
                @Tag(name = "API keys", description = "Keys for partners' systems (role INTEGRATION)"),
                @Tag(name = "Caller", description = "Whose token this is"),
                @Tag(name = "Administration", description = "Operations: the consistency report")})
@SecurityScheme(name = ApiDocumentation.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An opaque token: the admin token, an agent token or an API key.")
class ApiDocumentation {

    static final String BEARER = "bearer";
    private static final String PROBLEM = "application/problem+json";

    /**
     * The roles an operation names in its security requirement (OpenAPI lets a bearer scheme list
     * role names there), repeated in its description for whoever reads the document rather than a
     * generator.
     */
    @Bean
    OperationCustomizer rolesInDescriptions() {
        return (operation, handler) -> {
            List<String> roles = operation.getSecurity() == null ? List.of() : operation.getSecurity().stream()
                    .map(requirement -> requirement.get(BEARER)).filter(scopes -> scopes != null && !scopes.isEmpty())
                    .findFirst().orElse(List.of());
            if (!roles.isEmpty()) {
                String description = operation.getDescription() == null ? "" : operation.getDescription() + "\n\n";
                operation.setDescription(description + "Roles: " + String.join(", ", roles) + ".");
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer documentedProblemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                add(operation, "400", "Invalid request: malformed JSON, wrong types or invalid fields (errors[])",
                        "invalid-request");
                add(operation, "401", "No valid bearer token", "unauthenticated");
                add(operation, "403", "The caller's role may not do this", "forbidden");
                if (path.contains("{")) {
                    add(operation, "404", "No such resource", "conversation-not-found");
                }
                if (operation.getRequestBody() != null) {
                    add(operation, "413", "The request body is over the size limit (1 MiB by default)", "request-too-large");
                }
                add(operation, "429", "Past the caller's rate limit, or too many refused tokens from this address: "
                        + "wait Retry-After seconds (RateLimit and RateLimit-Policy headers tell the quota)", "rate-limited");
                add(operation, "503", "The database cannot serve now (away, overloaded, timed out); nothing was "
                        + "changed: retry after Retry-After seconds", "service-unavailable");
                if (path.startsWith("/api/v1/conversations/{") && method.name().equals("POST")) {
                    add(operation, "409", "Not allowed in the conversation's current state (currentStatus, "
                            + "currentAssigneeId)", "conversation-state-conflict");
                    add(operation, "412", "If-Match names an older version", "version-mismatch");
                    add(operation, "422", "Unknown or inactive agent in the body", "unknown-agent");
                }
            }));
        };
    }

    private static void add(Operation operation, String status, String description, String type) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problems.TYPE_BASE + type);
        example.put("title", description);
        example.put("status", Integer.valueOf(status));
        example.put("detail", description + ".");
        MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")).example(example);
        operation.getResponses().addApiResponse(status,
                new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM, problem)));
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
        problem.addProperty("currentStatus", new StringSchema());
        problem.addProperty("currentAssigneeId", new IntegerSchema().format("int64"));
        return problem;
    }
}
