package dev.gathering.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestHomes;
import dev.gathering.support.TestServer;
import org.junit.jupiter.api.Test;

class TokensAcrossRestartsTest {

    @Test
    void aRevokedTokenStaysRevokedAndAValidOneStaysValidAfterARestart() {
        String database = TestDatabases.create();
        Path home = TestHomes.create();
        String revoked;
        String kept;
        try (TestServer first = TestServer.on(database).set("gathering.home", home.toString()).start()) {
            Api api = first.api();
            api.post("/auth/register", Map.of("email", "restart@example.com", "password", "correct-horse", "name", "Re"));
            Api revokedClient = api.login("restart@example.com", "correct-horse");
            Api keptClient = api.login("restart@example.com", "correct-horse");
            assertThat(revokedClient.post("/auth/logout").status()).isEqualTo(200);
            revoked = token(revokedClient);
            kept = token(keptClient);
        }

        try (TestServer second = TestServer.on(database).set("gathering.home", home.toString()).start()) {
            Api api = second.api();

            Api.Response revokedAnswer = api.withToken(revoked).get("/auth/me");
            Api.Response keptAnswer = api.withToken(kept).get("/auth/me");

            assertThat(revokedAnswer.status()).isEqualTo(401);
            assertThat(revokedAnswer.json().get("detail").asString()).isEqualTo("Invalid or expired token");
            assertThat(keptAnswer.status()).as("the generated secret is kept under GATHERING_HOME").isEqualTo(200);
        }
    }

    private static String token(Api client) {
        return client.token();
    }
}
