package dev.gathering.agent;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import dev.gathering.llm.StreamCancellation;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Upstream's chat protocol. Server frames (flat JSON): {@code connected {agent_id, agent_name}}, then per message
 * {@code start {agent_name, timestamp}}, {@code token {content}}..., {@code done {content, agent_name, tokens_used,
 * tool_calls, tool_results, ..., timestamp}} or {@code error {message, status}}. Client frames:
 * {@code {message, include_memories?, allow_tools?}}. Closing the socket cancels the answer in progress.
 */
@Component
class ChatSocketHandler extends TextWebSocketHandler {

    static final String AGENT = "agent_id";
    static final String AGENT_NAME = "agent_name";
    static final String USER = "user";
    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

    private final ChatService chats;
    private final JsonMapper json;
    private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, StreamCancellation> inProgress = new ConcurrentHashMap<>();

    ChatSocketHandler(ChatService chats, JsonMapper json) {
        this.chats = chats;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) {
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, 10_000, 4 * 1024 * 1024);
        sessions.put(raw.getId(), session);
        send(session, frame("connected", Map.of("agent_id", raw.getAttributes().get(AGENT),
                "agent_name", raw.getAttributes().get(AGENT_NAME))));
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        WebSocketSession session = sessions.getOrDefault(raw.getId(), raw);
        JsonNode request;
        try {
            request = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            send(session, error("Invalid JSON: send {\"message\": \"...\"}", 400));
            return;
        }
        String text = request.path("message").asString("");
        if (text.isBlank()) {
            send(session, error("No message provided", 400));
            return;
        }
        if (inProgress.containsKey(raw.getId())) {
            send(session, error("A message is already being answered on this connection", 409));
            return;
        }
        long agentId = (Long) raw.getAttributes().get(AGENT);
        AuthenticatedUser user = (AuthenticatedUser) raw.getAttributes().get(USER);
        boolean memories = request.path("include_memories").asBoolean(true);
        boolean tools = request.path("allow_tools").asBoolean(true);
        StreamCancellation cancellation = new StreamCancellation();
        inProgress.put(raw.getId(), cancellation);
        Thread.ofVirtual().name("chat-socket-" + agentId).start(() -> {
            try {
                ChatService.Turn turn = chats.begin(agentId, text, memories, tools, user.id());
                send(session, frame("start", Map.of("agent_name", turn.agent().name(), "timestamp", Instant.now().toString())));
                ChatService.ChatResult result = chats.run(turn,
                        token -> send(session, frame("token", Map.of("content", token))), cancellation);
                Map<String, Object> done = new LinkedHashMap<>(json.convertValue(result, Map.class));
                done.put("timestamp", Instant.now().toString());
                send(session, frame("done", done));
            } catch (CancellationException e) {
                log.info("Chat over WebSocket with agent {} cancelled: the client left", agentId);
            } catch (ApiException e) {
                send(session, error(e.getMessage(), e.status().value()));
            } catch (RuntimeException e) {
                log.error("Chat over WebSocket with agent {} failed", agentId, e);
                send(session, error("Chat failed: internal error", 500));
            } finally {
                inProgress.remove(raw.getId());
            }
        });
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        sessions.remove(session.getId());
        StreamCancellation cancellation = inProgress.remove(session.getId());
        if (cancellation != null) {
            cancellation.cancel();
        }
    }

    private static Map<String, Object> frame(String type, Map<String, ?> fields) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.putAll(fields);
        return frame;
    }

    private static Map<String, Object> error(String message, int status) {
        return frame("error", Map.of("message", message, "status", status));
    }

    private void send(WebSocketSession session, Map<String, Object> frame) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.sendMessage(new TextMessage(json.writeValueAsString(frame)));
        } catch (IOException | IllegalStateException e) {
            StreamCancellation cancellation = inProgress.get(session.getId());
            if (cancellation != null) {
                cancellation.cancel();
            }
        }
    }
}
