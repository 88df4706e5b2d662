package dev.gathering.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.gathering.support.Api;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.ServerProcess;
import dev.gathering.support.TestDatabases;
import org.junit.jupiter.api.Test;

/** SIGTERM: readiness turns 503 first, a request already running completes, then the process exits cleanly. */
class GracefulShutdownTest {

    @Test
    void aSlowRequestStartedBeforeSigtermCompletes() throws Exception {
        String database = TestDatabases.create();
        try (ServerProcess server = ServerProcess.start("--gathering.db.url=" + database, "--gathering.shutdown.drain=1s")) {
            Api api = server.api();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api.get("/health/ready").status() == 200);
            Api admin = api.login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            String marker = "slow-" + UUID.randomUUID();

            CompletableFuture<Api.Response> slow = CompletableFuture.supplyAsync(
                    () -> admin.get("/test/hold-connection?ms=3000&marker=" + marker));
            try (Connection connection = TestDatabases.connect(database)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> isRunning(connection, marker));
            }

            server.process().destroy(); // SIGTERM

            await().atMost(Duration.ofSeconds(5)).until(() -> {
                Api.Response ready = api.get("/health/ready");
                return ready.status() == 503 && ready.body().contains("\"reason\":\"shutting_down\"");
            });
            Api.Response completed = slow.get();
            assertThat(completed.status()).isEqualTo(200);
            assertThat(completed.json().get("marker").asString()).isEqualTo(marker);
            assertThat(server.waitForExit(Duration.ofSeconds(30))).isTrue();
            assertThat(server.output()).contains("readiness is now 503").doesNotContain("Exception");
        }
    }

    @Test
    void theEmbeddedDatabaseStopsLastAfterRequestsAndThePool() throws Exception {
        try (ServerProcess server = ServerProcess.start("--gathering.db.url=", "--gathering.shutdown.drain=200ms")) {
            Api api = server.api();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api.get("/health/ready").status() == 200);

            server.process().destroy(); // SIGTERM

            assertThat(server.waitForExit(Duration.ofSeconds(30))).isTrue();
            String output = server.output();
            int readiness = output.indexOf("readiness is now 503");
            int requests = output.indexOf("Graceful shutdown complete");
            int database = output.indexOf("Embedded PostgreSQL stopped");
            assertThat(readiness).isPositive();
            assertThat(requests).isGreaterThan(readiness);
            assertThat(database).isGreaterThan(requests);
            assertThat(output).doesNotContain("terminating connection", "Failed to validate connection", "relay lost");
        }
    }

    @Test
    void aPostgresLeftRunningByAKilledServerIsStoppedByTheNextOne() throws Exception {
        java.nio.file.Path home = dev.gathering.support.TestHomes.create();
        try (ServerProcess killed = ServerProcess.start("--gathering.db.url=", "--gathering.home=" + home)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> killed.api().get("/health/ready").status() == 200);
            killed.process().destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(killed.waitForExit(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(java.nio.file.Files.exists(home.resolve("pg/postmaster.pid"))).as("the orphan still runs").isTrue();

        try (ServerProcess next = ServerProcess.start("--gathering.db.url=", "--gathering.home=" + home)) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> next.api().get("/health/ready").status() == 200);

            assertThat(next.output()).contains("left running by a previous GatheRing");
        }
    }

    private static boolean isRunning(Connection connection, String marker) throws Exception {
        try (var statement = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE ? AND state = 'active'")) {
            statement.setString(1, "%/* " + marker + " */%");
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1) > 0;
            }
        }
    }
}
