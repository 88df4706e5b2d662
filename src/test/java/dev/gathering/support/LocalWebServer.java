package dev.gathering.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A web server on 127.0.0.1 for tests of outbound requests: serves the pages put in it (path → content type and
 * bytes), redirects given as {@code redirect(path, location)}, and records each request ({@code METHOD path body}).
 * As a JUnit extension on a static field it is emptied before each test and stopped after the class.
 */
public final class LocalWebServer implements AutoCloseable, org.junit.jupiter.api.extension.BeforeEachCallback,
        org.junit.jupiter.api.extension.AfterAllCallback {

    private record Page(int status, String contentType, byte[] body, String location) {
    }

    private final HttpServer server;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    public LocalWebServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (body.isEmpty() ? "" : " " + body));
                Page page = pages.get(path);
                if (page == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                if (page.location() != null) {
                    exchange.getResponseHeaders().set("Location", page.location());
                }
                if (page.contentType() != null) {
                    exchange.getResponseHeaders().set("Content-Type", page.contentType());
                }
                exchange.sendResponseHeaders(page.status(), page.body().length == 0 ? -1 : page.body().length);
                exchange.getResponseBody().write(page.body());
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public LocalWebServer page(String path, String contentType, String body) {
        return page(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public LocalWebServer page(String path, String contentType, byte[] body) {
        pages.put(path, new Page(200, contentType, body, null));
        return this;
    }

    public LocalWebServer redirect(String path, String location) {
        pages.put(path, new Page(302, null, new byte[0], location));
        return this;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
        pages.clear();
        requests.clear();
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
