package dev.gathering.memory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gathering.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible embeddings endpoint ({@code POST /v1/embeddings}) for tests: each text becomes a normalized
 * bag of its words hashed into {@code dimension} buckets, so texts sharing words are similar and the vectors are
 * reproducible. It can answer slowly or fail, and counts the texts it embedded.
 */
final class FakeEmbeddingServer implements AutoCloseable {

    private final HttpServer server;
    private final int dimension;
    private final AtomicInteger texts = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    private volatile int failWith;

    FakeEmbeddingServer(int dimension) {
        this.dimension = dimension;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL a provider is configured with (the client appends /embeddings). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    FakeEmbeddingServer delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Answers every request with this HTTP status (0: answer normally). */
    FakeEmbeddingServer failWith(int status) {
        this.failWith = status;
        return this;
    }

    int texts() {
        return texts.get();
    }

    int requests() {
        return requests.get();
    }

    static float[] embed(String text, int dimension) {
        float[] vector = new float[dimension];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.length() < 3) {
                continue;
            }
            String stem = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
            vector[Math.floorMod(stem.hashCode(), dimension)] += 1;
        }
        return Vectors.normalize(vector);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            JsonNode body = Api.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            if (failWith != 0) {
                respond(exchange, failWith, "{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
                return;
            }
            if (!exchange.getRequestURI().getPath().endsWith("/embeddings")) {
                respond(exchange, 404, "{\"error\":{\"message\":\"not found\"}}");
                return;
            }
            List<String> inputs = new ArrayList<>();
            JsonNode input = body.path("input");
            if (input.isArray()) {
                input.forEach(node -> inputs.add(node.asString()));
            } else {
                inputs.add(input.asString());
            }
            int size = body.hasNonNull("dimensions") ? body.get("dimensions").asInt() : dimension;
            ObjectNode response = Api.JSON.createObjectNode().put("object", "list").put("model", body.path("model").asString());
            ArrayNode data = response.putArray("data");
            for (int i = 0; i < inputs.size(); i++) {
                ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
                ArrayNode values = item.putArray("embedding");
                for (float value : embed(inputs.get(i), size)) {
                    values.add(value);
                }
            }
            response.putObject("usage").put("prompt_tokens", inputs.size()).put("total_tokens", inputs.size());
            texts.addAndGet(inputs.size());
            respond(exchange, 200, Api.JSON.writeValueAsString(response));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
