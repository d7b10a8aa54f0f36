package io.helpdeskinbox.security;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API keys of integration partners (ADMIN only, see {@link SecurityConfiguration}). */
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

    private final TokenService tokens;

    ApiKeyController(TokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<ApiKeyResponse> create(@Valid @RequestBody CreateApiKeyRequest request) {
        ApiKeyResponse key = tokens.createApiKey(request.name().strip());
        return ResponseEntity.status(HttpStatus.CREATED).body(key);
    }

    @GetMapping
    ApiKeyListResponse list() {
        return new ApiKeyListResponse(tokens.apiKeys());
    }

    /** Revokes: the key is refused from its next request on. */
    @DeleteMapping("/{apiKeyId}")
    ResponseEntity<Void> revoke(@PathVariable long apiKeyId) {
        tokens.revokeApiKey(apiKeyId);
        return ResponseEntity.noContent().build();
    }
}
