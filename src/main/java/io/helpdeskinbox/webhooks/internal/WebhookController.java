package io.helpdeskinbox.webhooks.internal;

import io.helpdeskinbox.web.PageResponse;
import io.helpdeskinbox.web.PlainText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Webhooks of integration partners (ADMIN only, see the security configuration). */
@Tag(name = "Webhooks")
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Operation(operationId = "createWebhook",
            summary = "Register a webhook",
            description = "Events of the chosen types (all, when the list is empty) are POSTed to the URL, signed with the "
                    + "secret; see the webhooks section.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "201", description = "Registered", useReturnTypeSchema = true,
            headers = @Header(name = "Location", required = true, description = "The webhook's delivery log",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @PostMapping
    ResponseEntity<WebhookResponse> create(@Valid @RequestBody WebhookRequest request) {
        WebhookResponse webhook = webhooks.create(request);
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + webhook.id() + "/deliveries")).body(webhook);
    }

    @Operation(operationId = "listWebhooks",
            summary = "List webhooks",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @GetMapping
    WebhookListResponse list() {
        return new WebhookListResponse(webhooks.list());
    }

    @Operation(operationId = "deleteWebhook",
            summary = "Delete a webhook",
            description = "Its pending deliveries are not sent.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{webhookId}")
    ResponseEntity<Void> delete(@PathVariable long webhookId) {
        webhooks.delete(webhookId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listWebhookDeliveries",
            summary = "List a webhook's deliveries",
            description = "The delivery log: each event sent to this webhook and how its attempts went.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @GetMapping("/{webhookId}/deliveries")
    PageResponse<WebhookDeliveryResponse> deliveries(@PathVariable long webhookId,
            @RequestParam(defaultValue = "25") @Min(1) @Max(100) int limit,
            @RequestParam(required = false) @PlainText(max = 1000) String cursor) {
        return webhooks.deliveries(webhookId, limit, cursor);
    }
}
