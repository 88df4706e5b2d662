package dev.gathering.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.gathering.support.Api;
import dev.gathering.support.Fixtures;
import dev.gathering.support.IntegrationTest;
import dev.gathering.support.ServerProcess;
import dev.gathering.support.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Stream clients that leave at once (chat streams, the event stream) leave nothing behind: no error in the log, and
 * SIGTERM afterwards ends the server promptly instead of waiting for requests that no longer exist.
 */
class StreamsAndShutdownTest {

    @Test
    void clientsClosingStreamsEarlyLeaveNoRequestActive() throws Exception {
        try (ServerProcess server = ServerProcess.start("--gathering.db.url=" + TestDatabases.create(),
                "--gathering.shutdown.drain=200ms", "--gathering.rate-limit.write=10000",
                "--gathering.rate-limit.read=10000")) {
            Api api = server.api();
            // a bound on start-up, not a target: a loaded machine may take a minute or more
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> api.get("/health/ready").status() == 200);
            Api admin = api.login(IntegrationTest.ADMIN_EMAIL, IntegrationTest.ADMIN_PASSWORD);
            long agent = Fixtures.agent(admin, Fixtures.unique("streamer"), "local", "local-responder", Map.of());
            int port = Integer.parseInt(api.baseUrl().substring(api.baseUrl().lastIndexOf(':') + 1));

            for (int i = 0; i < 40; i++) {
                // read nothing, or only the first bytes, then vanish
                abandon(port, "POST /agents/" + agent + "/chat/stream", admin.token(),
                        "{\"message\":\"tell me a long story " + i + "\"}", i % 2 == 0 ? 0 : 64);
                abandon(port, "GET /events/stream", admin.token(), null, i % 2 == 0 ? 0 : 16);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    admin.get("/agents/" + agent + "/status").json().get("busy").asBoolean()).isFalse());
            // event streams whose client left are noticed at their next heartbeat, or closed by the shutdown

            long stopping = System.nanoTime();
            server.process().destroy(); // SIGTERM
            assertThat(server.waitForExit(Duration.ofSeconds(30))).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);

            // the graceful shutdown's own limit is 30 s: it must not be reached (nor reported as aborted below)
            assertThat(took).isLessThan(Duration.ofSeconds(25));
            assertThat(server.output()).doesNotContain("AsyncContext not yet initialized", "No converter",
                    "Graceful shutdown aborted", "ERROR");
        }
    }

    private static void abandon(int port, String requestLine, String token, String json, int readBytes) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            String head = requestLine + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: text/event-stream\r\n"
                    + (json == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < readBytes && in.read() >= 0; i++) {
                // reading the start of the answer
            }
            socket.setSoLinger(true, 0); // a reset, as a browser tab that closes
        }
    }
}
