package dev.gathering.platform.events;

import dev.gathering.platform.security.AdminOnly;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.platform.web.WebSocketUpgrades;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /ws}: the handshake is an ordinary Spring MVC request, so it passes the security chain (a missing,
 * invalid or revoked token is a 401 before any upgrade; {@code ?token=} is accepted here because browsers cannot set
 * headers on a WebSocket) and the READ rate limit, and its refusals are problem+json like any other. Then the
 * connection is upgraded (see {@link WebSocketUpgrades}) and handed to {@link EventSocketHandler}.
 */
@RestController
class EventSocketController {

    private final EventSocketHandler handler;
    private final DashboardSocketHandler dashboard;
    private final StreamClients clients;
    private final WebSocketUpgrades upgrades;

    EventSocketController(EventSocketHandler handler, DashboardSocketHandler dashboard, StreamClients clients,
                          WebSocketUpgrades upgrades) {
        this.handler = handler;
        this.dashboard = dashboard;
        this.clients = clients;
        this.upgrades = upgrades;
    }

    @GetMapping("/ws")
    @RateLimited(Tier.READ)
    void connect(@AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (user == null) {
            throw ApiException.unauthorized("Missing authentication token");
        }
        clients.requireAccepting();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(EventSocketHandler.USER_ATTRIBUTE, user);
        upgrades.upgrade(request, response, handler, attributes);
    }

    /** Upstream's dashboard stream (see {@link DashboardSocketHandler}); {@code ?topics=a,b} narrows it. */
    @GetMapping("/ws/dashboard")
    @RateLimited(Tier.READ)
    void dashboard(@AuthenticationPrincipal AuthenticatedUser user,
                   @org.springframework.web.bind.annotation.RequestParam(required = false) String topics,
                   @org.springframework.web.bind.annotation.RequestParam(name = "client_id", required = false) String clientId,
                   HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (user == null) {
            throw ApiException.unauthorized("Missing authentication token");
        }
        clients.requireAccepting();
        java.util.List<String> requested = topics == null ? java.util.List.of()
                : java.util.Arrays.stream(topics.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        try {
            requested.forEach(Topics::parse);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid topics: " + e.getMessage());
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(EventSocketHandler.USER_ATTRIBUTE, user);
        attributes.put(DashboardSocketHandler.TOPICS_ATTRIBUTE, requested);
        if (clientId != null && !clientId.isBlank()) {
            attributes.put(DashboardSocketHandler.CLIENT_ID_ATTRIBUTE, clientId.strip().substring(0, Math.min(100, clientId.strip().length())));
        }
        upgrades.upgrade(request, response, dashboard, attributes);
    }

    @GetMapping("/ws/stats")
    @RateLimited(Tier.READ)
    @AdminOnly
    Map<String, Object> stats() {
        return clients.stats();
    }
}
