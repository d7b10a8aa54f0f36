package io.helpdeskinbox.web.internal;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Contact;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document served at /v3/api-docs and /swagger-ui.html: what the API is, its bearer
 * scheme and the roles of each operation. What each operation answers is exact: the problems in
 * {@link ProblemDocumentation}, nullable and required members in {@link SchemaDocumentation}.
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
                @Tag(name = "Teams", description = "Groups of agents, each with its own auto-assignment settings"),
                @Tag(name = "Assignment settings", description = "How auto-assignment chooses agents"),
                @Tag(name = "Events", description = "Every committed change, live (Server-Sent Events)"),
                @Tag(name = "Webhooks", description = "Events POSTed to partners' receivers, signed, at least once"),
                @Tag(name = "API keys", description = "Keys for partners' systems (role INTEGRATION)"),
                @Tag(name = "Caller", description = "Whose token this is"),
                @Tag(name = "Sign-in", description = "Passwords, invitations and console sessions"),
                @Tag(name = "Administration", description = "Operations: the consistency report")})
@SecurityScheme(name = ApiDocumentation.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An opaque token: the admin token, an agent token or an API key.")
@SecurityScheme(name = ApiDocumentation.SESSION, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.COOKIE,
        paramName = "SESSION", description = "A console session's cookie (role AGENT; ADMIN for a person single sign-on "
                + "makes one), set by POST /api/v1/sessions or the console's single sign-on. "
                + "A change made with it also needs the X-XSRF-TOKEN header, set to the XSRF-TOKEN cookie's value.")
class ApiDocumentation {

    static final String BEARER = "bearer";
    static final String SESSION = "session";
    /** What a stranger may call: signing in, and setting a password through an invitation. */
    static final Set<String> OPEN_TO_ANYONE = Set.of("signIn", "acceptInvitation");

    /**
     * A console session is a person's: an agent's, or an admin's through single sign-on. Every
     * operation a role's token may call, a session of that role may call too: said as a second way to
     * meet the operation's security (the role is checked as for the token).
     */
    @Bean
    OperationCustomizer sessionsWhereAgentsMayCall() {
        return (operation, handler) -> {
            if (OPEN_TO_ANYONE.contains(operation.getOperationId())) {
                // an empty requirement: no credential needed (an operation's empty list would fall back to the document's)
                operation.setSecurity(new ArrayList<>(List.of(new io.swagger.v3.oas.models.security.SecurityRequirement())));
                return operation;
            }
            List<io.swagger.v3.oas.models.security.SecurityRequirement> security = operation.getSecurity();
            if (security != null && security.stream().noneMatch(requirement -> requirement.containsKey(SESSION))
                    && security.stream().anyMatch(requirement -> requirement.getOrDefault(BEARER, List.of()).stream()
                            .anyMatch(role -> role.equals("AGENT") || role.equals("ADMIN")))) {
                operation.addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList(SESSION));
            }
            return operation;
        };
    }

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
}
