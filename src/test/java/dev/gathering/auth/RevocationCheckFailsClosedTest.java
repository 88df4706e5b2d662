package dev.gathering.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;

class RevocationCheckFailsClosedTest {

    @Test
    void whenTheBlacklistCannotBeReadTheTokenIsRefused() throws Exception {
        String database = TestDatabases.create();
        try (TestServer server = TestServer.on(database).start()) {
            Api admin = server.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            Api other = server.api().login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            assertThat(admin.get("/auth/me").status()).isEqualTo(200);

            try (Connection connection = TestDatabases.connect(database); var statement = connection.createStatement()) {
                statement.execute("ALTER TABLE auth.token_blacklist RENAME TO token_blacklist_moved");
                try {
                    Api.Response refused = other.get("/auth/me");

                    assertThat(refused.status()).isEqualTo(503);
                    assertThat(refused.header("Retry-After")).isNotNull();
                    assertThat(refused.json().get("detail").asString()).contains("revocation status cannot be checked");
                    assertThat(other.get("/health").status()).as("public routes stay up").isEqualTo(200);
                } finally {
                    statement.execute("ALTER TABLE auth.token_blacklist_moved RENAME TO token_blacklist");
                }
            }
            assertThat(other.get("/auth/me").status()).isEqualTo(200);
        }
    }
}
