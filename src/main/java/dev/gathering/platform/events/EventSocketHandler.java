package dev.gathering.platform.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.security.AuthenticatedUser;
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
 * The upstream {@code /ws} protocol on an accepted connection. The server first sends
 * {@code {type:"connected", data:{connection_id, message}, timestamp}}; the client sends
 * {@code {action, topics}} with action {@code subscribe}, {@code unsubscribe}, {@code ping} or {@code info}, answered by
 * {@code subscribed}/{@code unsubscribed} (data {@code {topics, subscriptions}}), {@code pong}, {@code info}
 * ({@code {id, subscriptions, connected_at}}) or {@code error} ({@code {message}}, e.g. "Unknown action: X"). Events
 * matching the connection's {@link Topics} arrive as event frames; with no topic, every event.
 */
@Component
class EventSocketHandler extends TextWebSocketHandler {

    static final String USER_ATTRIBUTE = "gathering.user";
    private static final String CLIENT_ATTRIBUTE = "gathering.stream-client";
    /** A send blocked longer than this, or more than this much waiting behind it, closes the connection. */
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 1024 * 1024;

    private final StreamClients clients;
    private final JsonMapper json;

    EventSocketHandler(StreamClients clients, JsonMapper json) {
        this.clients = clients;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        AuthenticatedUser user = (AuthenticatedUser) session.getAttributes().get(USER_ATTRIBUTE);
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
        StreamClient client = clients.open("websocket", user, List.of(), new SocketTransport(safe), null);
        session.getAttributes().put(CLIENT_ATTRIBUTE, client);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        StreamClient client = (StreamClient) session.getAttributes().get(CLIENT_ATTRIBUTE);
        if (client == null) {
            return;
        }
        JsonNode request;
        try {
            request = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            client.sendControl("error", Map.of("message", "Invalid JSON message"));
            return;
        }
        String action = request.path("action").asString("");
        switch (action) {
            case "subscribe", "unsubscribe" -> changeTopics(client, action, request.get("topics"));
            case "ping" -> client.sendControl("pong", Map.of());
            case "info" -> {
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("id", client.id);
                info.put("subscriptions", client.topics.list());
                info.put("connected_at", client.connectedAt);
                client.sendControl("info", info);
            }
            default -> client.sendControl("error", Map.of("message", "Unknown action: " + action));
        }
    }

    private void changeTopics(StreamClient client, String action, JsonNode topicsNode) {
        List<String> topics = new ArrayList<>();
        if (topicsNode != null && topicsNode.isString()) {
            topics.add(topicsNode.asString());
        } else if (topicsNode != null && topicsNode.isArray()) {
            for (JsonNode topic : topicsNode) {
                if (!topic.isString()) {
                    client.sendControl("error", Map.of("message", "topics must be strings"));
                    return;
                }
                topics.add(topic.asString());
            }
        } else {
            client.sendControl("error", Map.of("message", "'" + action + "' needs 'topics': a list of topics"));
            return;
        }
        try {
            if (action.equals("subscribe")) {
                client.topics.add(topics);
            } else {
                client.topics.remove(topics);
            }
        } catch (IllegalArgumentException e) {
            client.sendControl("error", Map.of("message", e.getMessage()));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("topics", topics);
        answer.put("subscriptions", client.topics.list());
        client.sendControl(action + "d", answer);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        closed(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        closed(session);
    }

    private void closed(WebSocketSession session) {
        StreamClient client = (StreamClient) session.getAttributes().get(CLIENT_ATTRIBUTE);
        if (client != null) {
            clients.close(client, StreamClient.CloseReason.CLIENT_GONE);
        }
    }
}
