package dev.gathering.platform.events;

import java.io.IOException;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** A stream client's frames over a WebSocket session (wrapped for concurrent sends by its handler). */
record SocketTransport(WebSocketSession session) implements StreamClient.Transport {

    @Override
    public void send(String eventId, String frame) throws IOException {
        session.sendMessage(new TextMessage(frame));
    }

    @Override
    public void heartbeat() {
        // WebSocket clients ping when they want to; the server has nothing to prove
    }

    @Override
    public void close(StreamClient.CloseReason reason) {
        CloseStatus status = switch (reason) {
            case TOKEN_INVALID -> CloseStatus.POLICY_VIOLATION.withReason("Token expired or revoked");
            case SHUTDOWN -> CloseStatus.GOING_AWAY.withReason("Server shutting down");
            case SEND_FAILED -> CloseStatus.SESSION_NOT_RELIABLE;
            case CLIENT_GONE -> CloseStatus.NORMAL;
        };
        try {
            session.close(status);
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
    }
}
