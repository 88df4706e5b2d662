package dev.gathering.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Upgrades a Spring MVC request to a WebSocket. Handshakes are ordinary handlers, so they pass authentication
 * (a refused token is a 401 before any upgrade) and rate limiting like any route; this does the rest: 426 for a
 * plain GET, 403 for a browser page from an origin other than the server's own or GATHERING_CORS_ORIGINS.
 */
@Component
public class WebSocketUpgrades {

    private final DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();
    private final Set<String> allowedOrigins;

    public WebSocketUpgrades(WebProperties web) {
        this.allowedOrigins = web.corsOrigins().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(WebSocketUpgrades::normalize).collect(Collectors.toUnmodifiableSet());
        handshake.start();
    }

    public void upgrade(HttpServletRequest request, HttpServletResponse response, WebSocketHandler handler,
                        Map<String, Object> attributes) throws IOException {
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            throw new ApiException(HttpStatus.UPGRADE_REQUIRED, request.getRequestURI()
                    + " is a WebSocket endpoint: connect with a WebSocket client").header(HttpHeaders.UPGRADE, "websocket");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request) && !allowedOrigins.contains(normalize(origin))) {
            throw ApiException.forbidden("Origin " + origin + " may not open " + request.getRequestURI());
        }
        ServletServerHttpResponse upgraded = new ServletServerHttpResponse(response);
        handshake.doHandshake(new ServletServerHttpRequest(request), upgraded,
                new ExceptionWebSocketHandlerDecorator(handler), attributes);
        upgraded.flush();
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        try {
            URI uri = URI.create(origin);
            return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
