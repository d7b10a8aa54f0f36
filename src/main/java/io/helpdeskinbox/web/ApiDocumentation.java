package io.helpdeskinbox.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at /v3/api-docs and /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Helpdesk Inbox API", version = "v1", description = """
        Conversations in folders (Unassigned, Assigned, Archived, All), agents with live counters of \
        the conversations they manage, and one state machine: UNASSIGNED -> ASSIGNED -> ARCHIVED with \
        transfer, unassign and reopen. Errors are RFC 9457 problem documents. Every /api call needs \
        'Authorization: Bearer <token>': the admin token (INBOX_ADMIN_TOKEN), an agent's token (issued \
        when the agent is created) or an integration's API key."""),
        security = @SecurityRequirement(name = ApiDocumentation.BEARER))
@SecurityScheme(name = ApiDocumentation.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An opaque token: the admin token, an agent token or an API key.")
class ApiDocumentation {

    static final String BEARER = "bearer";
}
