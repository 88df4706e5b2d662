package dev.gathering.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /workspace/{id}/run-python} (upstream) and {@code POST /workspace/{id}/run} (a command as an argument
 * list): programs in the project folder. Off unless GATHERING_WORKSPACE_EXEC=true, and for admins only: whoever may
 * run them runs code as the server's user.
 */
@RestController
@Validated
class RunController {

    record PythonRun(@Size(max = 200_000) String code, @Size(max = 1000) String filePath) {
    }

    record CommandRun(@NotEmpty @Size(max = 200) List<@Size(max = 10_000) String> command,
                      @Min(1) @Max(3600) Integer timeoutSeconds) {
    }

    private final WorkspaceService workspace;
    private final CommandRunner runner;
    private final WorkspaceProperties properties;

    RunController(WorkspaceService workspace, CommandRunner runner, WorkspaceProperties properties) {
        this.workspace = workspace;
        this.runner = runner;
        this.properties = properties;
    }

    /** The switch and the role, in that order; both refusals are 403 saying what would allow it. */
    static void requireExec(WorkspaceProperties properties, AuthenticatedUser user) {
        if (!properties.exec()) {
            throw ApiException.forbidden("Running programs in project folders is disabled: start the server with "
                    + "GATHERING_WORKSPACE_EXEC=true to allow admins to (it runs code as the server's user)");
        }
        if (user == null || !user.isAdmin()) {
            throw ApiException.forbidden("Only admins may run programs in project folders");
        }
    }

    @PostMapping("/workspace/{projectId}/run-python")
    @RateLimited(Tier.WRITE)
    CommandRunner.Result runPython(@PathVariable long projectId, @Valid @RequestBody PythonRun body,
                                   @AuthenticationPrincipal AuthenticatedUser user) {
        requireExec(properties, user);
        ProjectFolder folder = workspace.folder(projectId);
        List<String> command = new ArrayList<>(List.of(CommandRunner.python(folder)));
        if (body.filePath() != null && !body.filePath().isBlank()) {
            Path file = workspace.resolve(projectId, body.filePath());
            if (!Files.isRegularFile(file)) {
                throw ApiException.notFound("File not found: " + body.filePath());
            }
            command.add(file.toString());
        } else if (body.code() != null && !body.code().isBlank()) {
            command.addAll(List.of("-c", body.code()));
        } else {
            throw ApiException.unprocessable("Give code (Python source) or file_path (a script in the project)");
        }
        return run(projectId, folder, command, properties.execTimeout(), user,
                body.filePath() != null && !body.filePath().isBlank() ? "python " + body.filePath() : "python -c");
    }

    @PostMapping("/workspace/{projectId}/run")
    @RateLimited(Tier.WRITE)
    CommandRunner.Result run(@PathVariable long projectId, @Valid @RequestBody CommandRun body,
                             @AuthenticationPrincipal AuthenticatedUser user) {
        requireExec(properties, user);
        ProjectFolder folder = workspace.folder(projectId);
        Duration timeout = body.timeoutSeconds() == null ? properties.execTimeout()
                : Duration.ofSeconds(Math.min(body.timeoutSeconds(), properties.execTimeout().toSeconds()));
        return run(projectId, folder, body.command(), timeout, user, String.join(" ", body.command()));
    }

    private CommandRunner.Result run(long projectId, ProjectFolder folder, List<String> command, Duration timeout,
                                     AuthenticatedUser user, String described) {
        Path directory = PathGuard.realRoot(folder.path());
        CommandRunner.Result result;
        try {
            result = runner.run(directory, command, timeout, Map.of());
        } catch (ApiException e) {
            if (e.status().value() == 408) {
                track(projectId, described, null, "timeout", user);
            }
            throw e;
        }
        track(projectId, described, result.exitCode(), result.executionTime(), user);
        return result;
    }

    private void track(long projectId, String command, Integer exitCode, Object duration, AuthenticatedUser user) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", command.length() > 500 ? command.substring(0, 500) + "…" : command);
        details.put("exit_code", exitCode);
        details.put("execution_time", duration);
        workspace.recordActivity(projectId, "command_executed", details, Actor.user(user.id()));
    }
}
