package dev.gathering.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.TestHomes;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** With no database URL the server runs its own PostgreSQL under GATHERING_HOME, and its data survives restarts. */
class EmbeddedDatabaseTest {

    @Test
    void theEmbeddedDatabaseKeepsDataAcrossRestarts() {
        Path home = TestHomes.create();
        try (TestServer first = TestServer.embedded(home).start()) {
            Api api = first.api();
            assertThat(api.post("/auth/register", Map.of("email", "embedded@example.com", "password", "correct-horse",
                    "name", "Em")).status()).isEqualTo(201);
            assertThat(first.bean(DatabaseServer.class).embedded()).isTrue();
        }
        assertThat(Files.exists(home.resolve("pg").resolve("PG_VERSION"))).isTrue();

        try (TestServer second = TestServer.embedded(home).start()) {
            Api user = second.api().login("embedded@example.com", "correct-horse");
            JsonNode checks = user.get("/health/checks").json();

            assertThat(user.get("/auth/me").json().get("email").asString()).isEqualTo("embedded@example.com");
            assertThat(checks.toString()).contains("\"name\":\"database\",\"status\":\"healthy\"");
        }
    }
}
