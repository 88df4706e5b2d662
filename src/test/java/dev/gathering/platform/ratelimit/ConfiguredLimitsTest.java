package dev.gathering.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gathering.support.Api;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;

class ConfiguredLimitsTest {

    @Test
    void tiersTakeTheirLimitFromConfigurationAndProxiesAreBelievedOnlyWhenTrusted() {
        try (TestServer server = TestServer.on(TestDatabases.create())
                .set("gathering.rate-limit.health", "3")
                .set("gathering.rate-limit.trusted-proxies", "")
                .start()) {
            Api first = server.api();
            Api claimsAnotherAddress = first.withClientIp(Api.randomClientIp());

            for (int i = 0; i < 3; i++) {
                assertThat(first.get("/health").status()).isEqualTo(200);
            }

            assertThat(first.get("/health").header("X-RateLimit-Limit")).isEqualTo("3");
            // X-Forwarded-For from an untrusted peer is ignored: same bucket, still refused
            assertThat(claimsAnotherAddress.get("/health").status()).isEqualTo(429);
            assertThat(first.get("/health/live").status()).isEqualTo(200);
        }
    }
}
