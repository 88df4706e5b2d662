package dev.gathering.platform.events;

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
 * The upstream {@code /ws/dashboard} protocol: first {@code {type:"connection.established", data:{client_id, message}}},
 * then every event (or those of the {@code topics} given at connection) as
 * {@code {type, data, source_agent_id, circle_id, project_id, event_id, timestamp}}; a client's
 * {@code {type:"ping", timestamp}} is answered {@code {type:"pong", timestamp}} with the same timestamp.
 * Unlike upstream, the connection needs a valid token (checked before the upgrade).
 */
@Component
class DashboardSocketHandler extends TextWebSocketHandler {

    static final String TOPICS_ATTRIBUTE = "gathering.dashboard-topics";
    static final String CLIENT_ID_ATTRIBUTE = "gathering.dashboard-client-id";
    private static final String CLIENT_ATTRIBUTE = "gathering.dashboard-client";

    private final StreamClients clients;
    private final EventFrames frames;
    private final JsonMapper json;

    DashboardSocketHandler(StreamClients clients, EventFrames frames, JsonMapper json) {
        this.clients = clients;
        this.frames = frames;
        this.json = json;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterConnectionEstablished(WebSocketSession session) {
        AuthenticatedUser user = (AuthenticatedUser) session.getAttributes().get(EventSocketHandler.USER_ATTRIBUTE);
        List<String> topics = (List<String>) session.getAttributes().getOrDefault(TOPICS_ATTRIBUTE, List.of());
        WebSocketSession safe = new ConcurrentWebSocketSessionDecorator(session, 10_000, 1024 * 1024);
        String clientId = (String) session.getAttributes().get(CLIENT_ID_ATTRIBUTE);
        StreamClient client = clients.open("websocket", user, topics, new SocketTransport(safe), null,
                frames::dashboardEvent, new StreamClients.Greeting("connection.established", "client_id",
                        "Connected to GatheRing dashboard", clientId));
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
        String type = request.path("type").asString("");
        if (type.equals("ping")) {
            Map<String, Object> pong = new LinkedHashMap<>();
            pong.put("type", "pong");
            pong.put("timestamp", request.get("timestamp"));
            client.send(null, json.writeValueAsString(pong));
        } else {
            client.sendControl("error", Map.of("message", "Unknown message type: " + type));
        }
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
