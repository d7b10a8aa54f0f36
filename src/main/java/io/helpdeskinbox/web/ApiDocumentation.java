package io.helpdeskinbox.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at /v3/api-docs and /swagger-ui.html. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Helpdesk Inbox API", version = "v1", description = """
        Conversations in folders (Unassigned, Assigned, Archived, All), agents with live counters of \
        the conversations they manage, and one state machine: UNASSIGNED -> ASSIGNED -> ARCHIVED with \
        transfer, unassign and reopen. Errors are RFC 9457 problem documents."""))
class ApiDocumentation {
}
