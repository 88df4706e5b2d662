package dev.gathering.workspace;

import java.io.IOException;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code WS /ws/terminal/{project_id}?token=}: a shell in the project folder ({@link TerminalSessions}). Refused
 * before the upgrade without a token (401), when GATHERING_WORKSPACE_EXEC is off or the caller is not an admin (403),
 * for an unknown project (404) and past the per-user limit (429). Upstream opened it in the server's own folder.
 */
@RestController
class TerminalController {

    private final WorkspaceService workspace;
    private final TerminalSessions terminals;
    private final WebSocketUpgrades upgrades;
    private final WorkspaceProperties properties;

    TerminalController(WorkspaceService workspace, TerminalSessions terminals, WebSocketUpgrades upgrades,
                       WorkspaceProperties properties) {
        this.workspace = workspace;
        this.terminals = terminals;
        this.upgrades = upgrades;
        this.properties = properties;
    }

    @GetMapping("/ws/terminal/{projectId}")
    @RateLimited(Tier.WRITE)
    void connect(@PathVariable long projectId, @AuthenticationPrincipal AuthenticatedUser user, HttpServletRequest request,
                 HttpServletResponse response) throws IOException {
        if (user == null) {
            throw ApiException.unauthorized("Missing authentication token");
        }
        RunController.requireExec(properties, user);
        ProjectFolder folder = workspace.folder(projectId);
        PathGuard.realRoot(folder.path());
        terminals.reserve(user.id());
        try {
            upgrades.upgrade(request, response, terminals, Map.of(TerminalSessions.FOLDER, folder, TerminalSessions.USER, user.id()));
        } catch (IOException | RuntimeException e) {
            terminals.release(user.id());
            throw e;
        }
        if (response.getStatus() != 101) {
            terminals.release(user.id());
        }
    }
}
