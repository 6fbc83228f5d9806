package dev.onekycbridge.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackSourceTest {
    private final CallbackSource source = new CallbackSource(List.of("203.0.113.0/24", "2001:db8::/32"),
            List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void withoutAnAllowListEverySourceIsAllowed() {
        CallbackSource open = new CallbackSource(List.of(), List.of());

        assertThat(open.allowsAny()).isTrue();
        assertThat(open.allows("198.51.100.1", List.of())).isTrue();
        assertThat(open.allows(null, List.of())).isTrue();
    }

    @Test
    void aDirectPeerIsJudgedByItsOwnAddress() {
        assertThat(source.allows("203.0.113.5", List.of())).isTrue();
        assertThat(source.allows("2001:db8::5", List.of())).isTrue();
        assertThat(source.allows("198.51.100.5", List.of())).isFalse();
    }

    @Test
    void anUntrustedPeerCannotClaimAnotherAddress() {
        assertThat(source.allows("198.51.100.5", List.of("203.0.113.5"))).isFalse();
        assertThat(source.allows("203.0.113.5", List.of("198.51.100.5"))).isTrue();
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedAddressIsTheClient() {
        assertThat(source.client("10.0.0.1", List.of("198.51.100.5, 203.0.113.5"))).hasToString("203.0.113.5");
        assertThat(source.client("10.0.0.1", List.of("203.0.113.5, 198.51.100.5"))).hasToString("198.51.100.5");
        assertThat(source.client("10.0.0.1", List.of("198.51.100.5", "203.0.113.5, 10.9.9.9")))
                .hasToString("203.0.113.5");
        assertThat(source.client("fd00::1", List.of("[2001:db8::9]:443"))).hasToString("2001:db8:0:0:0:0:0:9");
    }

    @Test
    void aChainOfOnlyTrustedProxiesEndsAtItsLeftMostAddress() {
        assertThat(source.client("10.0.0.1", List.of("10.0.0.3, 10.0.0.2"))).hasToString("10.0.0.3");
        assertThat(source.client("10.0.0.1", List.of())).hasToString("10.0.0.1");
    }

    @Test
    void anUnreadableForwardedElementMakesTheClientUnknownAndRefused() {
        assertThat(source.client("10.0.0.1", List.of("203.0.113.5, unknown"))).isNull();
        assertThat(source.allows("10.0.0.1", List.of("203.0.113.5, unknown"))).isFalse();
    }

    @Test
    void anIpv4PeerSeenThroughADualStackSocketIsAnIpv4Address() {
        assertThat(source.allows("::ffff:203.0.113.5", List.of())).isTrue();
    }
}
