package dev.gathering.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-test LLM provider speaking the real wire formats: OpenAI chat completions ({@code POST /v1/chat/completions}),
 * Anthropic messages ({@code POST /v1/messages}) and Ollama chat ({@code POST /api/chat}), blocking and streaming,
 * tool calls included. Tests script answers (text, tool calls, token counts, HTTP errors, delays) and read back the
 * requests it received. With nothing scripted it answers "fake answer". As a JUnit extension on a static field
 * ({@code @RegisterExtension static final FakeLlmServer llm = new FakeLlmServer();}) it is reset before each test
 * and stopped after the class.
 */
public final class FakeLlmServer implements AutoCloseable, org.junit.jupiter.api.extension.BeforeEachCallback,
        org.junit.jupiter.api.extension.AfterAllCallback {

    public record ToolCall(String id, String name, String argumentsJson) {
    }

    /** One scripted answer. {@code status} other than 200 sends an error body. */
    public record Reply(int status, String text, List<ToolCall> toolCalls, int inputTokens, int outputTokens,
                        Duration delay, Duration tokenInterval) {

        public static Reply text(String text) {
            return new Reply(200, text, List.of(), 11, 7, Duration.ZERO, Duration.ZERO);
        }

        public static Reply tools(ToolCall... calls) {
            return new Reply(200, "", List.of(calls), 13, 5, Duration.ZERO, Duration.ZERO);
        }

        public static Reply error(int status) {
            return new Reply(status, "scripted failure", List.of(), 0, 0, Duration.ZERO, Duration.ZERO);
        }

        public Reply tokens(int in, int out) {
            return new Reply(status, text, toolCalls, in, out, delay, tokenInterval);
        }

        public Reply after(Duration wait) {
            return new Reply(status, text, toolCalls, inputTokens, outputTokens, wait, tokenInterval);
        }

        /** When streamed, one word every {@code interval}. */
        public Reply streamedEvery(Duration interval) {
            return new Reply(status, text, toolCalls, inputTokens, outputTokens, delay, interval);
        }
    }

    public record Received(String protocol, String path, Map<String, String> headers, JsonNode body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger abandonedStreams = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Reply fallback = Reply.text("fake answer");
    private volatile java.util.function.Function<Received, Reply> responder;

    public FakeLlmServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeLlmServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers computed from each request (used when nothing is scripted). */
    public FakeLlmServer respond(java.util.function.Function<Received, Reply> function) {
        responder = function;
        return this;
    }

    /** The most requests it was answering at the same time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** The last user message of a request, whatever the wire format. */
    public static String lastUserText(Received request) {
        JsonNode messages = request.body().path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (message.path("role").asString().equals("user")) {
                JsonNode content = message.path("content");
                return content.isArray() ? content.toString() : content.asString();
            }
        }
        return "";
    }

    /** The system prompt of a request (OpenAI's format: the content of the "system" message), or "". */
    public static String systemPrompt(Received request) {
        for (JsonNode message : request.body().path("messages")) {
            if (message.path("role").asString().equals("system")) {
                return message.path("content").asString();
            }
        }
        return "";
    }

    /** The answer given when nothing is scripted. */
    public FakeLlmServer byDefault(Reply reply) {
        fallback = reply;
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        return received.getLast();
    }

    public int abandonedStreams() {
        return abandonedStreams.get();
    }

    public void reset() {
        script.clear();
        received.clear();
        abandonedStreams.set(0);
        maxInFlight.set(0);
        responder = null;
        fallback = Reply.text("fake answer");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String protocol = path.endsWith("/chat/completions") ? "openai" : path.endsWith("/messages") ? "anthropic"
                    : path.endsWith("/api/chat") ? "ollama" : "other";
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body = Api.JSON.readTree(raw.isBlank() ? "{}" : raw);
            if (protocol.equals("other")) {
                respond(exchange, 200, "application/json", "{\"data\":[{\"id\":\"fake-model\"}],\"models\":[{\"name\":\"fake-model\"}]}");
                return;
            }
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            Received request = new Received(protocol, path, headers, body);
            received.add(request);
            Reply reply = script.pollFirst();
            if (reply == null) {
                var function = responder;
                reply = function == null ? fallback : function.apply(request);
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                answer(exchange, protocol, body, reply);
            } finally {
                inFlight.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(HttpExchange exchange, String protocol, JsonNode body, Reply reply) throws IOException, InterruptedException {
        {
            if (!reply.delay().isZero()) {
                Thread.sleep(reply.delay());
            }
            if (reply.status() != 200) {
                respond(exchange, reply.status(), "application/json", errorBody(protocol, reply.status()));
                return;
            }
            boolean stream = body.path("stream").asBoolean(protocol.equals("ollama") && !body.has("stream"));
            if (!stream) {
                respond(exchange, 200, "application/json", switch (protocol) {
                    case "openai" -> openAi(reply, body);
                    case "anthropic" -> anthropic(reply, body);
                    default -> ollama(reply, body, true, reply.text());
                });
            } else {
                stream(exchange, protocol, reply, body);
            }
        }
    }

    private void stream(HttpExchange exchange, String protocol, Reply reply, JsonNode body) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", protocol.equals("ollama") ? "application/x-ndjson" : "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<String> pieces = pieces(reply.text());
        try {
            switch (protocol) {
                case "openai" -> {
                    for (String piece : pieces) {
                        write(out, "data: " + chunk(body, delta("content", piece), null, null) + "\n\n");
                        pause(reply);
                    }
                    for (int i = 0; i < reply.toolCalls().size(); i++) {
                        ToolCall call = reply.toolCalls().get(i);
                        ObjectNode delta = Api.JSON.createObjectNode();
                        ArrayNode calls = delta.putArray("tool_calls");
                        ObjectNode c = calls.addObject();
                        c.put("index", i).put("id", call.id()).put("type", "function");
                        c.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
                        write(out, "data: " + chunk(body, delta, null, null) + "\n\n");
                    }
                    String finish = reply.toolCalls().isEmpty() ? "stop" : "tool_calls";
                    write(out, "data: " + chunk(body, Api.JSON.createObjectNode(), finish, reply) + "\n\n");
                    write(out, "data: [DONE]\n\n");
                }
                case "anthropic" -> {
                    ObjectNode start = Api.JSON.createObjectNode().put("type", "message_start");
                    ObjectNode message = start.putObject("message");
                    message.put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", body.path("model").asString());
                    message.putArray("content");
                    message.putObject("usage").put("input_tokens", reply.inputTokens()).put("output_tokens", 1);
                    event(out, "message_start", start);
                    int index = 0;
                    if (!pieces.isEmpty()) {
                        ObjectNode blockStart = Api.JSON.createObjectNode().put("type", "content_block_start").put("index", index);
                        blockStart.putObject("content_block").put("type", "text").put("text", "");
                        event(out, "content_block_start", blockStart);
                        for (String piece : pieces) {
                            ObjectNode delta = Api.JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                            delta.putObject("delta").put("type", "text_delta").put("text", piece);
                            event(out, "content_block_delta", delta);
                            pause(reply);
                        }
                        event(out, "content_block_stop", Api.JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
                        index++;
                    }
                    for (ToolCall call : reply.toolCalls()) {
                        ObjectNode blockStart = Api.JSON.createObjectNode().put("type", "content_block_start").put("index", index);
                        blockStart.putObject("content_block").put("type", "tool_use").put("id", call.id()).put("name", call.name())
                                .putObject("input");
                        event(out, "content_block_start", blockStart);
                        ObjectNode delta = Api.JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
                        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", call.argumentsJson());
                        event(out, "content_block_delta", delta);
                        event(out, "content_block_stop", Api.JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
                        index++;
                    }
                    ObjectNode messageDelta = Api.JSON.createObjectNode().put("type", "message_delta");
                    messageDelta.putObject("delta").put("stop_reason", reply.toolCalls().isEmpty() ? "end_turn" : "tool_use");
                    messageDelta.putObject("usage").put("output_tokens", reply.outputTokens());
                    event(out, "message_delta", messageDelta);
                    event(out, "message_stop", Api.JSON.createObjectNode().put("type", "message_stop"));
                }
                default -> {
                    for (String piece : pieces) {
                        write(out, ollama(reply, body, false, piece) + "\n");
                        pause(reply);
                    }
                    write(out, ollama(reply, body, true, "") + "\n");
                }
            }
        } catch (IOException e) {
            abandonedStreams.incrementAndGet();
        }
    }

    private static void pause(Reply reply) throws InterruptedException {
        if (!reply.tokenInterval().isZero()) {
            Thread.sleep(reply.tokenInterval());
        }
    }

    private static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            pieces.add(i == 0 ? words[i] : " " + words[i]);
        }
        return pieces;
    }

    private static void event(OutputStream out, String name, JsonNode data) throws IOException {
        write(out, "event: " + name + "\ndata: " + Api.JSON.writeValueAsString(data) + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static ObjectNode delta(String field, String value) {
        return Api.JSON.createObjectNode().put(field, value);
    }

    private static String chunk(JsonNode request, JsonNode delta, String finish, Reply usage) {
        ObjectNode chunk = Api.JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000L).put("model", request.path("model").asString());
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish != null) {
            choice.put("finish_reason", finish);
        } else {
            choice.putNull("finish_reason");
        }
        if (usage != null) {
            chunk.putObject("usage").put("prompt_tokens", usage.inputTokens()).put("completion_tokens", usage.outputTokens())
                    .put("total_tokens", usage.inputTokens() + usage.outputTokens());
        }
        return Api.JSON.writeValueAsString(chunk);
    }

    private static String openAi(Reply reply, JsonNode request) {
        ObjectNode response = Api.JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("created", 1_700_000_000L).put("model", request.path("model").asString());
        ObjectNode choice = response.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.text() == null || reply.text().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", reply.text());
        }
        if (!reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : reply.toolCalls()) {
                ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
        choice.put("finish_reason", reply.toolCalls().isEmpty() ? "stop" : "tool_calls");
        response.putObject("usage").put("prompt_tokens", reply.inputTokens()).put("completion_tokens", reply.outputTokens())
                .put("total_tokens", reply.inputTokens() + reply.outputTokens());
        return Api.JSON.writeValueAsString(response);
    }

    private static String anthropic(Reply reply, JsonNode request) {
        ObjectNode response = Api.JSON.createObjectNode().put("id", "msg_fake").put("type", "message").put("role", "assistant")
                .put("model", request.path("model").asString());
        ArrayNode content = response.putArray("content");
        if (reply.text() != null && !reply.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        for (ToolCall call : reply.toolCalls()) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            use.set("input", Api.JSON.readTree(call.argumentsJson()));
        }
        response.put("stop_reason", reply.toolCalls().isEmpty() ? "end_turn" : "tool_use");
        response.putObject("usage").put("input_tokens", reply.inputTokens()).put("output_tokens", reply.outputTokens());
        return Api.JSON.writeValueAsString(response);
    }

    private static String ollama(Reply reply, JsonNode request, boolean done, String text) {
        ObjectNode response = Api.JSON.createObjectNode().put("model", request.path("model").asString())
                .put("created_at", "2026-11-25T00:00:00Z");
        ObjectNode message = response.putObject("message").put("role", "assistant").put("content", text);
        if (done && !reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : reply.toolCalls()) {
                calls.addObject().putObject("function").put("name", call.name()).set("arguments", Api.JSON.readTree(call.argumentsJson()));
            }
        }
        response.put("done", done);
        if (done) {
            response.put("done_reason", "stop").put("prompt_eval_count", reply.inputTokens()).put("eval_count", reply.outputTokens());
        }
        return Api.JSON.writeValueAsString(response);
    }

    private static String errorBody(String protocol, int status) {
        return protocol.equals("anthropic")
                ? "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"scripted failure " + status + "\"}}"
                : "{\"error\":{\"message\":\"scripted failure " + status + "\",\"type\":\"server_error\"}}";
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
