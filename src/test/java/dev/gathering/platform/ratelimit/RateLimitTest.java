package dev.gathering.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;

class RateLimitTest extends IntegrationTest {

    private Api.Response badLogin(Api client) {
        return client.post("/auth/login/json", Map.of("email", "nobody@example.com", "password", "whatever-pass"));
    }

    @Test
    void theSixthLoginInAMinuteIsRefusedWithEveryHeaderWhileHealthStaysUp() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            Api.Response response = badLogin(api);
            assertThat(response.status()).as("attempt %d", attempt).isEqualTo(401);
            assertThat(response.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(5 - attempt));
        }

        Api.Response sixth = badLogin(api);

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(sixth.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(sixth.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(sixth.header("X-RateLimit-Reset")))
                .isBetween(Instant.now().getEpochSecond(), Instant.now().getEpochSecond() + 62);
        assertThat(sixth.json().get("detail").asString()).isEqualTo("Rate limit exceeded: 5 per 1 minute");
        assertThat(sixth.json().get("error").asString()).contains("5 per 1 minute");

        for (int i = 0; i < 15; i++) {
            assertThat(api.get("/health").status()).isEqualTo(200);
            assertThat(api.get("/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void exhaustingOneEndpointLeavesTheOthersAlone() {
        for (int attempt = 0; attempt < 6; attempt++) {
            badLogin(api);
        }
        assertThat(badLogin(api).status()).isEqualTo(429);

        assertThat(api.postForm("/auth/login", Map.of("username", "nobody@example.com", "password", "x")).status())
                .isEqualTo(401);
        assertThat(badLogin(api.withClientIp(Api.randomClientIp())).status()).isEqualTo(401);
    }

    @Test
    void everyLimitedResponseCarriesTheHeadersOfItsTier() {
        Api.Response health = api.get("/health");
        Api.Response me = admin().get("/auth/me");
        Api.Response verify = admin().post("/auth/verify");
        Api.Response docs = api.get("/openapi.json");

        assertThat(health.header("X-RateLimit-Limit")).isEqualTo("300");
        assertThat(me.header("X-RateLimit-Limit")).isEqualTo("120");
        assertThat(verify.header("X-RateLimit-Limit")).isEqualTo("30");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.header("X-RateLimit-Limit")).isEqualTo("120");
        assertThat(Long.parseLong(health.header("X-RateLimit-Reset"))).isGreaterThan(Instant.now().getEpochSecond() - 1);
    }

    @Test
    void requestsRefusedForBadCredentialsDoNotSpendTheBudget() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/auth/me").status()).isEqualTo(401);
        }

        Api.Response me = admin().withClientIp(api.clientIp()).get("/auth/me");

        assertThat(me.header("X-RateLimit-Remaining")).isEqualTo("119");
    }
}
