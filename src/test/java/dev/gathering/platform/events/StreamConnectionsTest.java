package dev.gathering.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.gathering.support.Api;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import dev.gathering.support.TestSse;
import dev.gathering.support.TestWebSocket;
import org.junit.jupiter.api.Test;

/** Stream connections over their lifetime: rate limit at connection, revocation while open, shutdown, no-auth mode. */
class StreamConnectionsTest {

    private static Api register(Api api) {
        String email = "conn-" + UUID.randomUUID() + "@example.com";
        assertThat(api.post("/auth/register", Map.of("email", email, "password", "correct-horse", "name", "Ada")).status())
                .isEqualTo(201);
        return api.login(email, "correct-horse");
    }

    @Test
    void connectionsAreRateLimitedRevokedTokensAreCutOffAndShutdownClosesStreams() throws Exception {
        TestServer server = TestServer.on(TestDatabases.create())
                .set("gathering.rate-limit.read", "2")
                .set("gathering.events.stream-recheck", "200ms")
                .start();
        try {
            Api user = register(server.api());

            // READ tier at connection time: two per minute for this client, per endpoint
            TestSse first = TestSse.open(user, "/events/stream");
            TestSse second = TestSse.open(user, "/events/stream");
            TestSse third = TestSse.open(user, "/events/stream");
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.header("Retry-After")).isNotNull();
            third.close();
            TestWebSocket socket = TestWebSocket.connect(user, user.token());
            TestWebSocket.connect(user, user.token()).close();
            assertThatThrownBy(() -> TestWebSocket.connect(user, user.token()))
                    .isInstanceOfSatisfying(TestWebSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(429));

            // a token revoked while its streams are open ends them at the next check
            assertThat(socket.next().get("type").asString()).isEqualTo("connected");
            assertThat(first.next().type()).isEqualTo("connected");
            assertThat(user.post("/auth/logout").status()).isEqualTo(200);
            assertThat(socket.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1008);
            assertThat(first.next(message -> false, Duration.ofSeconds(5)).end()).isTrue();

            // shutdown closes the streams that are still open (1001 going away), and does not wait on them
            Api admin = server.api().login(dev.gathering.support.IntegrationTest.ADMIN_EMAIL,
                    dev.gathering.support.IntegrationTest.ADMIN_PASSWORD);
            TestWebSocket adminSocket = TestWebSocket.connect(admin, admin.token());
            assertThat(adminSocket.next().get("type").asString()).isEqualTo("connected");
            TestSse adminStream = TestSse.open(admin, "/events/stream");
            assertThat(adminStream.next().type()).isEqualTo("connected");
            long start = System.nanoTime();
            server.close();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
            assertThat(adminSocket.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1001);
            assertThat(adminStream.next(message -> false, Duration.ofSeconds(5)).end()).isTrue();
            second.close();
        } finally {
            server.close();
        }
    }

    @Test
    void withAuthDisabledTheStreamsNeedNoTokenAndNoStreamHoldsADatabaseConnection() {
        try (TestServer server = TestServer.on(TestDatabases.create()).set("gathering.auth.disabled", "true").start()) {
            Api api = server.api();
            try (TestWebSocket socket = TestWebSocket.connect(api, null); TestSse stream = TestSse.open(api, "/events/stream")) {
                assertThat(socket.next().get("type").asString()).isEqualTo("connected");
                assertThat(stream.next().type()).isEqualTo("connected");
                assertThat(server.bean(HikariDataSource.class).getHikariPoolMXBean().getActiveConnections()).isZero();
                server.bean(EventBus.class).publish(Event.of("agent.started", Map.of("agent_id", 1)));
                assertThat(socket.next().get("type").asString()).isEqualTo("agent.started");
                assertThat(stream.next().type()).isEqualTo("agent.started");
            }
        }
    }
}
