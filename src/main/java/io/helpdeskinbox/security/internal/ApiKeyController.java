package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.ApiKeyResponse;
import io.helpdeskinbox.security.CreateApiKeyRequest;
import io.helpdeskinbox.security.TokenService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API keys of integration partners (ADMIN only, see {@link SecurityConfiguration}). */
@Tag(name = "API keys")
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyController {

    private final TokenService tokens;

    ApiKeyController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Operation(operationId = "createApiKey",
            summary = "Create an API key",
            description = "For a partner's system (role INTEGRATION); the key is shown only this once.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "201", description = "Created; the key is in token", useReturnTypeSchema = true)
    @PostMapping
    ResponseEntity<ApiKeyResponse> create(@Valid @RequestBody CreateApiKeyRequest request) {
        ApiKeyResponse key = tokens.createApiKey(request.name().strip());
        return ResponseEntity.status(HttpStatus.CREATED).body(key);
    }

    @Operation(operationId = "listApiKeys",
            summary = "List API keys",
            description = "Names and dates, never the keys.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @GetMapping
    ApiKeyListResponse list() {
        return new ApiKeyListResponse(tokens.apiKeys());
    }

    /** Revokes: the key is refused from its next request on. */
    @Operation(operationId = "revokeApiKey",
            summary = "Revoke an API key",
            description = "The key is refused from its next request on.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "204", description = "Revoked")
    @DeleteMapping("/{apiKeyId}")
    ResponseEntity<Void> revoke(@PathVariable long apiKeyId) {
        tokens.revokeApiKey(apiKeyId);
        return ResponseEntity.noContent().build();
    }
}
