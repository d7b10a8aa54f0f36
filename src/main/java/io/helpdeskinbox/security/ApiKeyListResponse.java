package io.helpdeskinbox.security;

import java.util.List;

public record ApiKeyListResponse(List<ApiKeyResponse> items) {
}
