package io.helpdeskinbox.webhooks.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where a webhook may send: only to public addresses, unless
 * {@code INBOX_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true} (on-premise installs whose partners sit on the
 * private network, and tests). Otherwise anyone with an ADMIN token could make the server post to
 * its own loopback services, the private network behind it, or a cloud metadata endpoint. Checked at
 * registration and again before every delivery, because a name that resolved to a public address
 * then may resolve to a private one now (DNS rebinding). Every address a name resolves to must be
 * public: the HTTP client may pick any of them.
 */
@Component
class WebhookTargets {

    private final boolean allowPrivateNetworks;

    @Autowired
    WebhookTargets(WebhookProperties properties) {
        this(properties.allowPrivateNetworks());
    }

    WebhookTargets(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** @return why the server will not send to this URL, or empty when it may */
    Optional<String> refusal(URI url) {
        if (allowPrivateNetworks) {
            return Optional.empty();
        }
        String host = url.getHost();
        if (host == null) {
            return Optional.of("has no host");
        }
        if (isAmbiguousNumber(host)) {
            return Optional.of("has a numeric host not written a.b.c.d (" + host + "): write the address plainly");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("has a host that does not resolve: " + host);
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("points at a loopback, private, link-local or metadata address ("
                        + address.getHostAddress() + "); set INBOX_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow it");
            }
        }
        return Optional.empty();
    }

    /**
     * Not loopback, unspecified, link-local (which holds the cloud metadata address 169.254.169.254),
     * private (10/8, 172.16/12, 192.168/16, fc00::/7), shared carrier-grade NAT (100.64/10), "this
     * network" (0/8), multicast or broadcast. IPv6 addresses that embed an IPv4 one (mapped, compatible,
     * NAT64) are judged by the IPv4 address.
     */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0
                    && !(first == 100 && second >= 64 && second <= 127)
                    && !(first == 255 && second == 255 && (bytes[2] & 0xff) == 255 && (bytes[3] & 0xff) == 255);
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return false; // unique local, fc00::/7 (fd00:ec2::254 is a metadata address)
            }
            Optional<InetAddress> embedded = embeddedIpv4(bytes);
            if (embedded.isPresent()) {
                return isPublic(embedded.get());
            }
        }
        return true;
    }

    /**
     * A host that looks numeric but is not written a.b.c.d in plain decimal: {@code 127.1},
     * {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}. Clients read such spellings
     * differently (octal or decimal, a name or an address), so none is trusted: refused outright,
     * without asking DNS.
     */
    static boolean isAmbiguousNumber(String host) {
        if (!host.matches("[0-9a-fA-FxX.]+") || !host.matches(".*[0-9].*")) {
            return false;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return true;
        }
        for (String part : parts) {
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                return true;
            }
        }
        return false;
    }

    /** ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped) and 64:ff9b::a.b.c.d (NAT64). */
    private static Optional<InetAddress> embeddedIpv4(byte[] v6) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= v6[i] == 0;
        }
        boolean compatibleOrMapped = zeroPrefix && ((v6[10] == 0 && v6[11] == 0) || (v6[10] == (byte) 0xff && v6[11] == (byte) 0xff));
        boolean nat64 = v6[0] == 0 && v6[1] == 0x64 && v6[2] == (byte) 0xff && v6[3] == (byte) 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = v6[i] == 0;
        }
        if (!compatibleOrMapped && !nat64) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(new byte[] {v6[12], v6[13], v6[14], v6[15]}));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
