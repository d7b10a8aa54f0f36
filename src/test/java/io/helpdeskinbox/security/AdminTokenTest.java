package io.helpdeskinbox.security;

import io.helpdeskinbox.security.internal.SecurityProperties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokenTest {

    private static final SecurityProperties.Cors NO_CORS = new SecurityProperties.Cors(java.util.List.of());

    @Test
    void theConfiguredTokenIsTheOnlyOneThatMatches() {
        AdminToken admin = new AdminToken(new SecurityProperties("a-long-enough-admin-token", NO_CORS), new MockEnvironment());
        assertThat(admin.matches("a-long-enough-admin-token")).isTrue();
        assertThat(admin.matches("a-long-enough-admin-token ")).isFalse();
        assertThat(admin.matches("a-long-enough-admin-toke")).isFalse();
        assertThat(admin.matches("")).isFalse();
    }

    @Test
    void developmentWithoutATokenGetsAGeneratedOneLoggedOnce(CapturedOutput output) {
        AdminToken admin = new AdminToken(new SecurityProperties(null, NO_CORS), new MockEnvironment());

        Matcher logged = Pattern.compile("Using generated admin token: (\\S+)").matcher(output.getOut());
        assertThat(logged.find()).as("the generated token is logged").isTrue();
        assertThat(admin.matches(logged.group(1))).isTrue();
        assertThat(logged.find()).as("and logged only once").isFalse();
        assertThat(admin.matches("")).isFalse();
    }

    @Test
    void aProductionProfileRefusesToStartWithoutAToken() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("prod");
        assertThatIllegalStateException()
                .isThrownBy(() -> new AdminToken(new SecurityProperties(" ", NO_CORS), production))
                .withMessageContaining("INBOX_ADMIN_TOKEN");
    }

    @Test
    void aGuessableTokenIsRefused() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new AdminToken(new SecurityProperties("admin", NO_CORS), new MockEnvironment()))
                .withMessageContaining("at least 16");
    }
}
