package dev.gathering.platform.events;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.platform.web.WebProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * {@code /ws}: the handshake is an ordinary Spring MVC request, so it passes the security chain (a missing,
 * invalid or revoked token is a 401 before any upgrade; {@code ?token=} is accepted here because browsers cannot set
 * headers on a WebSocket) and the READ rate limit, and its refusals are problem+json like any other. Then the
 * connection is upgraded and handed to {@link EventSocketHandler}. A browser page may only connect from the server's
 * own origin or one of GATHERING_CORS_ORIGINS.
 */
@RestController
class EventSocketController {

    private final DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();
    private final ExceptionWebSocketHandlerDecorator handler;
    private final StreamClients clients;
    private final Set<String> allowedOrigins;

    EventSocketController(EventSocketHandler handler, StreamClients clients, WebProperties web) {
        this.handler = new ExceptionWebSocketHandlerDecorator(handler);
        this.clients = clients;
        this.allowedOrigins = web.corsOrigins().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(EventSocketController::normalize).collect(Collectors.toUnmodifiableSet());
        handshake.start();
    }

    @GetMapping("/ws")
    @RateLimited(Tier.READ)
    void connect(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (user == null) {
            throw ApiException.unauthorized("Missing authentication token");
        }
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            throw new ApiException(HttpStatus.UPGRADE_REQUIRED, "/ws is a WebSocket endpoint: connect with a WebSocket client")
                    .header(HttpHeaders.UPGRADE, "websocket");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, request) && !allowedOrigins.contains(normalize(origin))) {
            throw ApiException.forbidden("Origin " + origin + " may not open the event stream");
        }
        clients.requireAccepting();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(EventSocketHandler.USER_ATTRIBUTE, user);
        ServletServerHttpResponse upgraded = new ServletServerHttpResponse(response);
        handshake.doHandshake(new ServletServerHttpRequest(request), upgraded, handler, attributes);
        upgraded.flush();
    }

    @GetMapping("/ws/stats")
    @RateLimited(Tier.READ)
    Map<String, Object> stats(@AuthenticationPrincipal AuthenticatedUser user) {
        user.requireAdmin();
        return clients.stats();
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
