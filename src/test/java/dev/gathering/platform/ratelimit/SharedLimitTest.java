package dev.gathering.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.gathering.support.Api;
import dev.gathering.support.TestDatabases;
import dev.gathering.support.TestServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances sharing one Redis share one limit per client and endpoint. */
class SharedLimitTest {

    @BeforeAll
    static void redis() throws Exception {
        if (!redisAnswers()) {
            try {
                new ProcessBuilder("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
                        "--save", "", "--appendonly", "no").inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // not installed
            }
        }
        boolean available;
        try {
            await().atMost(Duration.ofSeconds(5)).until(SharedLimitTest::redisAnswers);
            available = true;
        } catch (ConditionTimeoutException e) {
            available = false;
        }
        assumeTrue(available, "SKIPPED: no Redis at 127.0.0.1:6379 and none could be started");
    }

    @Test
    void twoInstancesOnOneRedisShareTheLimit() {
        String database = TestDatabases.create();
        try (TestServer a = TestServer.on(database).set("gathering.redis-url", "redis://127.0.0.1:6379")
                .set("gathering.rate-limit.health", "4").start();
             TestServer b = TestServer.on(database).set("gathering.redis-url", "redis://127.0.0.1:6379")
                .set("gathering.rate-limit.health", "4").start()) {
            String client = Api.randomClientIp();
            Api viaA = a.api().withClientIp(client);
            Api viaB = b.api().withClientIp(client);

            assertThat(viaA.get("/health").status()).isEqualTo(200);
            assertThat(viaB.get("/health").status()).isEqualTo(200);
            assertThat(viaA.get("/health").status()).isEqualTo(200);
            Api.Response fourth = viaB.get("/health");
            assertThat(fourth.status()).isEqualTo(200);
            assertThat(fourth.header("X-RateLimit-Remaining")).isEqualTo("0");

            assertThat(viaA.get("/health").status()).isEqualTo(429);
            assertThat(viaB.get("/health").status()).isEqualTo(429);
            assertThat(viaB.withClientIp(Api.randomClientIp()).get("/health").status()).isEqualTo(200);
        }
    }

    private static boolean redisAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
