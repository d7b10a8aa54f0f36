package io.helpdeskinbox.security;

import io.helpdeskinbox.security.internal.SecurityProperties;
import io.helpdeskinbox.infrastructure.ProductionProfile;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The bootstrap ADMIN token. Configured through {@code INBOX_ADMIN_TOKEN}; when unset in local
 * development one is generated and logged once, the way Spring Boot does for its default user
 * password. A production profile refuses to start without one.
 */
@Component
class AdminToken {

    static final int MINIMUM_LENGTH = 16;
    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] hash;

    AdminToken(SecurityProperties properties, Environment environment) {
        String token = properties.adminToken();
        if (token == null || token.isBlank()) {
            if (ProductionProfile.isActive(environment)) {
                throw new IllegalStateException("INBOX_ADMIN_TOKEN must be set in a production profile");
            }
            token = "ihb_admin_" + BearerToken.newSecret();
            log.warn("""

                    Using generated admin token: {}

                    This generated token is for development use only. Set INBOX_ADMIN_TOKEN before production.
                    """, token);
        } else if (token.strip().length() < MINIMUM_LENGTH) {
            throw new IllegalStateException("INBOX_ADMIN_TOKEN must be at least " + MINIMUM_LENGTH + " characters");
        }
        this.hash = BearerToken.sha256(token.strip());
    }

    /** Constant time: both sides are hashed to the same length before the comparison. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(BearerToken.sha256(presented), hash);
    }
}
