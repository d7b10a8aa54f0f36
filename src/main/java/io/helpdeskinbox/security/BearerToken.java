package io.helpdeskinbox.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stored token as the caller presents it: {@code ihb_<id>_<secret>}. The id finds the row in one
 * index lookup; the 256-bit random secret is what proves possession, and only its SHA-256 hash is
 * stored. (A slow password hash buys nothing for a secret with this much entropy.)
 */
record BearerToken(long id, String secret) {

    private static final String PREFIX = "ihb_";
    private static final Pattern FORMAT = Pattern.compile("ihb_([1-9][0-9]{0,17})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static Optional<BearerToken> parse(String token) {
        var matcher = FORMAT.matcher(token);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new BearerToken(Long.parseLong(matcher.group(1)), matcher.group(2)));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Constant time: how long the comparison takes says nothing about how much of the secret was right. */
    boolean matches(byte[] storedHash) {
        return MessageDigest.isEqual(sha256(secret), storedHash);
    }

    @Override
    public String toString() {
        return PREFIX + id + "_" + secret;
    }
}
