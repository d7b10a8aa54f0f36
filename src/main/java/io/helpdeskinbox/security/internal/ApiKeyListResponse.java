package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.ApiKeyResponse;
import java.util.List;

public record ApiKeyListResponse(List<ApiKeyResponse> items) {
}
