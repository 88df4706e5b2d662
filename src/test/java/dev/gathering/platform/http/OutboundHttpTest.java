package dev.gathering.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The outbound client against a server on this machine. Internal addresses are refused before any connection is
 * attempted, so the refused cases never send a packet anywhere.
 */
class OutboundHttpTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            seen.add(exchange.getRequestMethod() + " " + path + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            switch (path) {
                case "/redirect" -> {
                    exchange.getResponseHeaders().set("Location", query.substring("to=".length()).replace("%3A", ":").replace("%2F", "/"));
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/loop" -> {
                    exchange.getResponseHeaders().set("Location", "/loop");
                    exchange.sendResponseHeaders(307, -1);
                }
                case "/big" -> {
                    byte[] chunk = new byte[64 * 1024];
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 64; i++) {
                            out.write(chunk);
                        }
                    } catch (IOException closedByClient) {
                        // expected: the client stops reading past its limit
                    }
                }
                case "/slow" -> {
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 50; i++) {
                            out.write('x');
                            out.flush();
                            Thread.sleep(100);
                        }
                    } catch (IOException | InterruptedException closedByClient) {
                        // expected
                    }
                }
                default -> {
                    byte[] body = ("{\"method\":\"" + exchange.getRequestMethod() + "\",\"body\":\""
                            + new String(requestBody, StandardCharsets.UTF_8) + "\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            }
        }
    }

    private static OutboundHttp client(String... allowed) {
        HttpProperties properties = new HttpProperties(List.of(allowed), Duration.ofSeconds(5), Duration.ofSeconds(2),
                DataSize.ofMegabytes(1), 3, "GatheRing-test");
        return new OutboundHttp(properties, new AddressPolicy(properties), new SimpleMeterRegistry());
    }

    private String local(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void anAllowListedHostIsReachedWithMethodBodyAndHeaders() throws Exception {
        try (var http = closing(client("127.0.0.1"))) {
            OutboundResponse response = http.client.send(OutboundRequest.of("POST", URI.create(local("/echo")))
                    .withBody("hello", "text/plain"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"method\":\"POST\",\"body\":\"hello\"}");
            assertThat(response.contentType()).startsWith("application/json");
        }
    }

    @Test
    void loopbackInEveryFormIsRefusedBeforeConnecting() throws Exception {
        try (var http = closing(client())) {
            for (String url : List.of(local("/echo"), "http://[::1]:" + server.getAddress().getPort() + "/echo",
                    "http://localhost:" + server.getAddress().getPort() + "/echo", "http://127.1.2.3/",
                    "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/")) {
                assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(url))))
                        .as(url)
                        .isInstanceOfSatisfying(OutboundHttpException.class, e -> {
                            assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.BLOCKED_ADDRESS);
                            assertThat(e.getMessage()).contains("GATHERING_HTTP_ALLOWED_HOSTS");
                        });
            }
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void privateLinkLocalAndMetadataAddressesAreRefused() throws Exception {
        try (var http = closing(client("127.0.0.1"))) {
            for (String url : List.of("http://10.0.0.1/", "http://10.255.1.2:8080/x", "http://172.16.5.4/",
                    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.100.100.200/",
                    "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[fc00::5]/", "http://224.0.0.1/",
                    "http://[64:ff9b::a00:1]/", "http://[2002:a00:1::]/")) {
                assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(url))))
                        .as(url)
                        .isInstanceOfSatisfying(OutboundHttpException.class,
                                e -> assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.BLOCKED_ADDRESS));
            }
        }
    }

    @Test
    void theMessageSaysWhichKindOfAddressWasRefused() throws Exception {
        try (var http = closing(client())) {
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create("http://169.254.169.254/"))))
                    .hasMessageContaining("169.254.169.254").hasMessageContaining("cloud metadata");
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create("http://localhost:1/"))))
                    .hasMessageContaining("localhost (").hasMessageContaining("loopback");
        }
    }

    @Test
    void aRedirectToAnInternalAddressIsRefused() throws Exception {
        try (var http = closing(client("127.0.0.1"))) {
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(local("/redirect?to=http://169.254.169.254/latest/")))))
                    .isInstanceOfSatisfying(OutboundHttpException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.BLOCKED_ADDRESS));
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(local("/redirect?to=http://[::1]:"
                    + server.getAddress().getPort() + "/echo")))))
                    .isInstanceOfSatisfying(OutboundHttpException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.BLOCKED_ADDRESS));
            assertThat(seen).hasSize(2).allMatch(line -> line.startsWith("GET /redirect"));
        }
    }

    @Test
    void redirectsAreFollowedWithinTheLimitAndDropCredentialsAcrossHosts() throws Exception {
        try (var http = closing(client("127.0.0.1", "localhost"))) {
            int port = server.getAddress().getPort();
            OutboundResponse response = http.client.send(OutboundRequest.get(URI.create(local("/redirect?to=http://localhost:" + port + "/echo")))
                    .withHeader("Authorization", "Bearer secret"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.redirects()).isEqualTo(1);
            assertThat(response.uri().getHost()).isEqualTo("localhost");
            assertThat(seen).containsExactly("GET /redirect auth=Bearer secret", "GET /echo auth=null");

            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(local("/loop")))))
                    .isInstanceOfSatisfying(OutboundHttpException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.REDIRECTS);
                        assertThat(e.getMessage()).contains("3 redirects");
                    });
            assertThat(http.client.send(OutboundRequest.get(URI.create(local("/loop"))).withMaxRedirects(0)).status()).isEqualTo(307);
        }
    }

    @Test
    void bodiesAndTimeAreBounded() throws Exception {
        try (var http = closing(client("127.0.0.1"))) {
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(local("/big")))))
                    .isInstanceOfSatisfying(OutboundHttpException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.TOO_LARGE);
                        assertThat(e.getMessage()).contains("1 MB");
                    });
            long started = System.nanoTime();
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(local("/slow"))).withTimeout(Duration.ofMillis(700))))
                    .isInstanceOfSatisfying(OutboundHttpException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void onlyHttpUrlsAndSafeHeadersAreAccepted() throws Exception {
        try (var http = closing(client("127.0.0.1"))) {
            for (String url : List.of("file:///etc/passwd", "ftp://example.com/", "gopher://x/", "http:///nohost",
                    "http://user:pw@127.0.0.1/")) {
                assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(url))))
                        .as(url)
                        .isInstanceOfSatisfying(OutboundHttpException.class,
                                e -> assertThat(e.reason()).isEqualTo(OutboundHttpException.Reason.INVALID_REQUEST));
            }
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(local("/"))).withHeader("X-A", "a\r\nHost: evil")))
                    .isInstanceOf(OutboundHttpException.class).hasMessageContaining("invalid value");
            assertThatThrownBy(() -> http.client.send(OutboundRequest.get(URI.create(local("/"))).withHeader("Host", "evil")))
                    .isInstanceOf(OutboundHttpException.class).hasMessageContaining("cannot be given");
        }
    }

    @Test
    void allowListEntriesMayBeRanges() {
        HttpProperties properties = new HttpProperties(List.of("127.0.0.0/8", "fd12::/16", "internal.example"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(1), 1, "t");
        AddressPolicy policy = new AddressPolicy(properties);
        assertThat(policy.internalKind(address("127.9.9.9"))).isNull();
        assertThat(policy.internalKind(address("fd12::1"))).isNull();
        assertThat(policy.internalKind(address("fd13::1"))).isEqualTo("private (unique local)");
        assertThat(policy.internalKind(address("10.1.1.1"))).isEqualTo("private");
        assertThat(policy.internalKind(address("8.8.8.8"))).isNull();
        assertThat(policy.internalKind(address("2606:4700::1111"))).isNull();
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Closing(OutboundHttp client) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.destroy();
        }
    }

    private static Closing closing(OutboundHttp client) {
        return new Closing(client);
    }
}
