package io.helpdeskinbox.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** An integration API key. {@code token} is present once, in the response that created it. */
@Schema(requiredProperties = {"id", "name", "createdAt"}, description = "token only in the response that created it")
public record ApiKeyResponse(
        long id,
        String name,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

    static ApiKeyResponse of(AccessToken key, String token) {
        return new ApiKeyResponse(key.getId(), key.getName(), key.getCreatedAt(), token);
    }
}
