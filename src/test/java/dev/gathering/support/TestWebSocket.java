package dev.gathering.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/** A real WebSocket client (java.net.http): frames arrive parsed, in order, in a queue. */
public final class TestWebSocket implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> frames;
    private final CompletableFuture<Integer> closeCode;

    private TestWebSocket(WebSocket socket, BlockingQueue<JsonNode> frames, CompletableFuture<Integer> closeCode) {
        this.socket = socket;
        this.frames = frames;
        this.closeCode = closeCode;
    }

    /** The handshake was answered with an HTTP status instead of 101. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String body) {
            super("handshake refused with " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Connects to {@code /ws} of {@code api}'s server, with its client address; {@code token} null for none. */
    public static TestWebSocket connect(Api api, String token) {
        return connect(api, "/ws", token);
    }

    /** Connects to a WebSocket {@code path} (such as {@code /ws/chat/7}) of {@code api}'s server. */
    public static TestWebSocket connect(Api api, String path, String token) {
        String url = api.baseUrl().replaceFirst("^http", "ws") + path
                + (token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(Api.JSON.readTree(partial.toString()));
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeCode.complete(-1);
            }
        };
        try {
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .header("X-Forwarded-For", api.clientIp())
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), listener)
                    .get(10, TimeUnit.SECONDS);
            return new TestWebSocket(socket, frames, closeCode);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                throw new Refused(refused.getResponse().statusCode(), String.valueOf(body));
            }
            throw new IllegalStateException("WebSocket connection failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("WebSocket connection failed", e);
        }
    }

    public void send(Object message) {
        socket.sendText(message instanceof String s ? s : Api.JSON.writeValueAsString(message), true).join();
    }

    /** The next frame, or an AssertionError after {@code timeout}. */
    public JsonNode next(Duration timeout) {
        try {
            JsonNode frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no WebSocket frame within " + timeout.toMillis() + " ms");
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode next() {
        return next(Duration.ofSeconds(5));
    }

    /** The next frame accepted by {@code wanted}, skipping others. */
    public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame = next(Duration.ofNanos(Math.max(left, 1)));
            if (wanted.test(frame)) {
                return frame;
            }
        }
    }

    /** Frames received and not yet taken. */
    public int pending() {
        return frames.size();
    }

    /** The close code the server sent (or -1 for an error), once the connection is closed. */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone already
            }
            socket.abort();
        }
    }
}
