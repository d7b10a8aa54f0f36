package io.helpdeskinbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

    @Test
    void aTokenReadsBackAsTheIdAndSecretItWasMadeOf() {
        BearerToken token = new BearerToken(42, BearerToken.newSecret());
        assertThat(BearerToken.parse(token.toString())).contains(token);
        assertThat(token.matches(BearerToken.sha256(token.secret()))).isTrue();
        assertThat(token.matches(BearerToken.sha256(BearerToken.newSecret()))).isFalse();
    }

    @Test
    void secretsAreFreshAndCarry256Bits() {
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            secrets.add(BearerToken.newSecret());
        }
        assertThat(secrets).hasSize(1000).allSatisfy(secret -> assertThat(secret).hasSize(43));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ihb_", "ihb_1_", "ihb_0_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "ihb_-1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ihb_1_AAAA",
            "ihb_99999999999999999999_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "xyz_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ihb_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "ihb_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"})
    void anythingElseIsNotAToken(String presented) {
        assertThat(BearerToken.parse(presented)).isEmpty();
    }
}
