package io.helpdeskinbox.security.internal;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param adminToken the bootstrap ADMIN token ({@code INBOX_ADMIN_TOKEN}); generated at start-up
 *     in development when unset, required in production profiles
 * @param cors which browser origins may call the API ({@code INBOX_CORS_ALLOWED_ORIGINS}, comma-separated)
 */
@ConfigurationProperties("inbox")
public record SecurityProperties(String adminToken, @DefaultValue Cors cors) {

    public record Cors(@DefaultValue List<String> allowedOrigins) {
    }
}
