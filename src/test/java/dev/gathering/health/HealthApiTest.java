package dev.gathering.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HealthApiTest extends IntegrationTest {

    @Test
    void theRootDescribesTheApi() {
        JsonNode root = api.get("/").json();

        assertThat(root.get("name").asString()).isEqualTo("GatheRing API");
        assertThat(root.get("docs").asString()).isEqualTo("/docs");
        assertThat(root.get("health").asString()).isEqualTo("/health");
        assertThat(root.get("version").asString()).isNotBlank();
    }

    @Test
    void publicProbesNeedNoToken() {
        JsonNode health = api.get("/health").json();

        assertThat(health.get("status").asString()).isEqualTo("healthy");
        assertThat(health.get("uptime_seconds").asDouble()).isPositive();
        assertThat(health.get("agents_count").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(api.get("/health/live").json().get("alive").asBoolean()).isTrue();
        Api.Response ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("ready").asBoolean()).isTrue();
    }

    @Test
    void checksProbeTheDatabaseAndNeedAToken() {
        assertThat(api.get("/health/checks").status()).isEqualTo(401);

        JsonNode checks = admin().get("/health/checks").json();

        JsonNode database = null;
        for (JsonNode check : checks.get("checks")) {
            if (check.get("name").asString().equals("database")) {
                database = check;
            }
        }
        assertThat(database).isNotNull();
        assertThat(database.get("status").asString()).isEqualTo("healthy");
        assertThat(database.get("value").asDouble()).isPositive();
        assertThat(database.get("message").asString()).contains("ms");
        assertThat(checks.get("checks").findValuesAsString("name")).contains("api", "database", "memory", "disk", "agents", "semantic_memory");
        // each check has its own name: clients key them by name
        assertThat(checks.get("checks").findValuesAsString("name")).doesNotHaveDuplicates();
        assertThat(checks.get("overall_status").asString()).isIn("healthy", "warning", "critical");
    }

    @Test
    void systemReportsHostReadings() {
        assertThat(api.get("/health/system").status()).isEqualTo(401);

        JsonNode system = admin().get("/health/system").json();

        assertThat(system.get("cpu").get("count").asInt()).isPositive();
        assertThat(system.get("memory").get("total_gb").asDouble()).isPositive();
        assertThat(system.get("memory").get("percent").asDouble()).isBetween(0.0, 100.0);
        assertThat(system.get("disk").get("total_gb").asDouble()).isPositive();
        assertThat(system.get("load_average").has("1min")).isTrue();
        assertThat(system.get("uptime_seconds").asDouble()).isPositive();
    }

    @Test
    void metricsAreForAdministratorsAndScrapers() {
        Api.Response anonymous = api.get("/metrics");
        Api.Response scraper = api.withToken(METRICS_TOKEN).get("/metrics");
        Api.Response administrator = admin().get("/metrics");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(scraper.status()).isEqualTo(200);
        assertThat(administrator.status()).isEqualTo(200);
        assertThat(administrator.body()).contains("hikaricp_connections_max", "gathering_ratelimit_requests_total",
                "cache_gets_total{application=\"gathering\",cache=\"auth.token_blacklist\"", "jvm_memory_used_bytes");
    }

    @Test
    void theApiDocumentIsPublic() {
        Api.Response openapi = api.get("/openapi.json");

        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.json().get("info").get("title").asString()).isEqualTo("GatheRing API");
        assertThat(openapi.json().get("paths").has("/auth/login/json")).isTrue();
        assertThat(api.get("/docs").status()).isIn(200, 302);
    }
}
