package io.helpdeskinbox.webhooks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address check behind webhook targets, on address literals only: nothing here resolves a name
 * through DNS or opens a connection.
 */
class WebhookTargetsTest {

    private final WebhookTargets production = new WebhookTargets(false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "0.0.0.0", "::", "0.1.2.3",
            "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1", "100.100.100.200",
            "169.254.169.254", "169.254.0.1", "fe80::1", "fd00::1", "fc00::1", "fd00:ec2::254",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1",
            "224.0.0.1", "ff02::1", "255.255.255.255"})
    void loopbackPrivateLinkLocalAndMetadataAddressesAreNotPublic(String literal) throws UnknownHostException {
        assertThat(WebhookTargets.isPublic(InetAddress.getByName(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1",
            "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"})
    void publicAddressesArePublic(String literal) throws UnknownHostException {
        assertThat(WebhookTargets.isPublic(InetAddress.getByName(literal))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "127.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.1", "010.0.0.1",
            "127.000.000.001", "256.1.1.1", "1.2.3.4.5", "cafe1"})
    void numericHostsNotWrittenPlainlyAreRefusedWithoutDns(String host) {
        assertThat(WebhookTargets.isAmbiguousNumber(host)).isTrue();
        // java.net.URI itself finds no host in some of these ("127.1"): refused for that, the rest as numbers
        assertThat(production.refusal(URI.create("http://" + host + ":8080/hooks"))).hasValueSatisfying(why ->
                assertThat(why).containsAnyOf("numeric host not written a.b.c.d", "has no host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "0.0.0.0", "example.com", "partner.example.com", "localhost"})
    void plainAddressesAndNamesAreNotAmbiguous(String host) {
        assertThat(WebhookTargets.isAmbiguousNumber(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/hooks", "https://192.168.1.1:8443/hooks", "http://169.254.169.254/latest",
            "http://[fd00::1]/hooks", "http://[::ffff:169.254.169.254]/"})
    void aUrlOnAPrivateAddressIsRefusedWithTheReason(String url) {
        assertThat(production.refusal(URI.create(url))).hasValueSatisfying(why -> assertThat(why)
                .contains("loopback, private, link-local or metadata").contains("INBOX_WEBHOOKS_ALLOW_PRIVATE_NETWORKS"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/hooks", "https://[2606:4700:4700::1111]/hooks"})
    void aUrlOnAPublicAddressIsAllowed(String url) {
        assertThat(production.refusal(URI.create(url))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1/hooks", "http://127.0.0.1:9000/hooks", "http://[fd00::1]/hooks"})
    void anInstallThatAllowsPrivateNetworksSendsAnywhere(String url) {
        assertThat(new WebhookTargets(true).refusal(URI.create(url))).isEmpty();
    }
}
