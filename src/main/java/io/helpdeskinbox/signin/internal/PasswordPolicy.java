package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.web.FieldRejectedException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How passwords are kept and which are accepted. Kept with Spring Security's delegating encoder:
 * each hash says its algorithm ({@code {bcrypt}...}), so the default can move on and old hashes
 * still check, and are upgraded at their next sign-in.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SignInProperties.class)
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    /** bcrypt reads only the first 72 bytes: a longer password would be one with a silent tail. */
    static final int MAX_BYTES = 72;

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** @throws FieldRejectedException naming {@code field} (400) when this password cannot be used */
    static void requireAcceptable(String field, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new FieldRejectedException(field, "must be at least " + MIN_LENGTH + " characters long");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new FieldRejectedException(field, "must be at most " + MAX_BYTES
                    + " bytes long in UTF-8 (72 ASCII characters, fewer with accents or emoji)");
        }
    }
}
