package dev.gathering.agent;

import java.io.IOException;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.platform.web.WebSocketUpgrades;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code WS /ws/chat/{agent_id}?token=}: streaming chat with an agent over a WebSocket (upstream's protocol, see
 * {@link ChatSocketHandler}). Unlike upstream, the handshake needs a valid token and an existing agent.
 */
@RestController
class ChatSocketController {

    private final AgentService agents;
    private final ChatSocketHandler handler;
    private final WebSocketUpgrades upgrades;

    ChatSocketController(AgentService agents, ChatSocketHandler handler, WebSocketUpgrades upgrades) {
        this.agents = agents;
        this.handler = handler;
        this.upgrades = upgrades;
    }

    @GetMapping("/ws/chat/{agentId}")
    @RateLimited(Tier.WRITE)
    void connect(@PathVariable long agentId, @AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request,
                 HttpServletResponse response) throws IOException {
        if (user == null) {
            throw ApiException.unauthorized("Missing authentication token");
        }
        // chatting changes state (the history, the cost): viewers may not
        Access.requireWriter(user);
        Agent agent = agents.get(agentId);
        upgrades.upgrade(request, response, handler, Map.of(ChatSocketHandler.AGENT, agent.id(),
                ChatSocketHandler.AGENT_NAME, agent.name(), ChatSocketHandler.USER, user));
    }
}
