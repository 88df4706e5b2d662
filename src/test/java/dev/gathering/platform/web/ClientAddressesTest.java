package dev.gathering.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.gathering.platform.ratelimit.RateLimitProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(
            new RateLimitProperties(5, 30, 120, 300, List.of("10.0.0.0/8", "192.168.1.1")));

    private static MockHttpServletRequest request(String peer, String forwarded) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwarded != null) {
            request.addHeader("X-Forwarded-For", forwarded);
        }
        return request;
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertThat(addresses.of(request("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
        assertThat(addresses.of(request("192.168.1.1", "6.6.6.6, 198.51.100.7, 10.1.2.3"))).isEqualTo("198.51.100.7");
    }

    @Test
    void garbageInTheHeaderStopsTheWalk() {
        assertThat(addresses.of(request("10.0.0.1", "'; DROP TABLE x; --"))).isEqualTo("10.0.0.1");
        assertThat(addresses.of(request("10.0.0.1", "evil, 198.51.100.7"))).isEqualTo("198.51.100.7");
    }
}
