package dev.gathering.workspace;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Upstream's {@code /workspace/{project_id}/…} routes (files, git, activities; runs are in {@link RunController}).
 * Everyone signed in reads; changing files, the index, commits and remotes needs the project's owner or an admin.
 */
@RestController
@RequestMapping("/workspace/{projectId}")
@Validated
class WorkspaceController {

    record FileWrite(@NotNull String content, Boolean createBackup) {
    }

    record CommitRequest(@NotBlank @Size(max = 20_000) String message, @Size(max = 200) String authorName,
                         @Size(max = 320) String authorEmail) {
    }

    record PushRequest(@Size(max = 200) String remote, @Size(max = 255) String branch, Boolean setUpstream) {
    }

    record PullRequest(@Size(max = 200) String remote, @Size(max = 255) String branch) {
    }

    record ActivityRequest(Long agentId, @NotBlank String activityType, @NotNull Map<String, Object> details) {
    }

    record Commits(List<GitViews.Commit> commits, int count) {
    }

    private final WorkspaceService workspace;

    WorkspaceController(WorkspaceService workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/info")
    @RateLimited(Tier.READ)
    FileViews.Info info(@PathVariable long projectId) {
        return workspace.info(projectId);
    }

    @GetMapping("/files")
    @RateLimited(Tier.READ)
    FileViews.Tree files(@PathVariable long projectId,
                         @RequestParam(name = "include_git_status", defaultValue = "true") boolean gitStatus,
                         @RequestParam(name = "max_depth", defaultValue = "10") @Min(1) @Max(50) int maxDepth) {
        return workspace.tree(projectId, maxDepth, gitStatus);
    }

    @GetMapping("/file")
    @RateLimited(Tier.READ)
    FileViews.FileContent read(@PathVariable long projectId, @RequestParam String path) {
        return workspace.read(projectId, path);
    }

    /** The bytes as stored; served in a sandbox so that a project's HTML or SVG cannot script the API's origin. */
    @GetMapping("/file/raw")
    @RateLimited(Tier.READ)
    ResponseEntity<byte[]> raw(@PathVariable long projectId, @RequestParam String path) {
        FileViews.RawFile file = workspace.readRaw(projectId, path);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(file.mimeType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(file.name(), StandardCharsets.UTF_8)
                        .build().toString())
                .header("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff")
                .body(file.bytes());
    }

    @PutMapping("/file")
    @RateLimited(Tier.WRITE)
    FileViews.WriteResult write(@PathVariable long projectId, @RequestParam String path, @Valid @RequestBody FileWrite body,
                                @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        return workspace.write(projectId, path, body.content(), body.createBackup() == null || body.createBackup(),
                Actor.user(user.id()));
    }

    @DeleteMapping("/file")
    @RateLimited(Tier.WRITE)
    FileViews.DeleteResult delete(@PathVariable long projectId, @RequestParam String path,
                                  @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        return workspace.delete(projectId, path, Actor.user(user.id()));
    }

    // --- git

    @GetMapping("/git/status")
    @RateLimited(Tier.READ)
    Map<String, Object> status(@PathVariable long projectId) {
        return Map.of("project_id", projectId, "status", workspace.gitStatus(projectId));
    }

    @GetMapping("/git/commits")
    @RateLimited(Tier.READ)
    Commits commits(@PathVariable long projectId, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                    @RequestParam(required = false) String branch, @RequestParam(required = false) String author,
                    @RequestParam(required = false) String path) {
        List<GitViews.Commit> commits = workspace.gitLog(projectId, limit, branch, author, path);
        return new Commits(commits, commits.size());
    }

    @GetMapping("/git/diff")
    @RateLimited(Tier.READ)
    GitViews.Diff diff(@PathVariable long projectId, @RequestParam(required = false) String commit,
                       @RequestParam(name = "file_path", required = false) String filePath) {
        return workspace.gitDiff(projectId, commit, filePath);
    }

    @GetMapping("/git/branches")
    @RateLimited(Tier.READ)
    GitViews.Branches branches(@PathVariable long projectId) {
        return workspace.gitBranches(projectId);
    }

    @GetMapping("/git/file-history")
    @RateLimited(Tier.READ)
    GitViews.FileHistory fileHistory(@PathVariable long projectId, @RequestParam(name = "file_path") String filePath,
                                     @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return workspace.gitFileHistory(projectId, filePath, limit);
    }

    @PostMapping("/git/stage")
    @RateLimited(Tier.WRITE)
    GitViews.StageResult stage(@PathVariable long projectId, @RequestBody @Size(min = 1, max = 10_000) List<String> paths,
                               @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        return workspace.gitStage(projectId, paths);
    }

    @PostMapping("/git/unstage")
    @RateLimited(Tier.WRITE)
    GitViews.UnstageResult unstage(@PathVariable long projectId, @RequestBody @Size(min = 1, max = 10_000) List<String> paths,
                                   @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        return workspace.gitUnstage(projectId, paths);
    }

    /** The author is the request's, or else the caller (name from the e-mail's local part). */
    @PostMapping("/git/commit")
    @RateLimited(Tier.WRITE)
    GitViews.CommitResult commit(@PathVariable long projectId, @Valid @RequestBody CommitRequest body,
                                 @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        String email = body.authorEmail() != null && !body.authorEmail().isBlank() ? body.authorEmail().strip() : user.email();
        String name = body.authorName() != null && !body.authorName().isBlank() ? body.authorName().strip()
                : email == null ? user.id() : email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
        return workspace.gitCommit(projectId, body.message(), new GitViews.Author(name, email == null ? "" : email),
                Actor.user(user.id()));
    }

    @PostMapping("/git/push")
    @RateLimited(Tier.WRITE)
    GitViews.PushResult push(@PathVariable long projectId, @Valid @RequestBody(required = false) PushRequest body,
                             @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        PushRequest request = body == null ? new PushRequest(null, null, null) : body;
        return workspace.gitPush(projectId, remote(request.remote()), request.branch(),
                Boolean.TRUE.equals(request.setUpstream()), Actor.user(user.id()));
    }

    @PostMapping("/git/pull")
    @RateLimited(Tier.WRITE)
    GitViews.PullResult pull(@PathVariable long projectId, @Valid @RequestBody(required = false) PullRequest body,
                             @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        PullRequest request = body == null ? new PullRequest(null, null) : body;
        return workspace.gitPull(projectId, remote(request.remote()), request.branch(), Actor.user(user.id()));
    }

    @GetMapping("/git/graph")
    @RateLimited(Tier.READ)
    GitViews.Graph graph(@PathVariable long projectId, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                         @RequestParam(name = "all_branches", defaultValue = "true") boolean allBranches) {
        return workspace.gitGraph(projectId, limit, allBranches);
    }

    // --- activities

    @GetMapping("/activities")
    @RateLimited(Tier.READ)
    Activity.Page activities(@PathVariable long projectId, @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                             @RequestParam(defaultValue = "0") @Min(0) int offset,
                             @RequestParam(name = "agent_id", required = false) Long agentId,
                             @RequestParam(name = "activity_type", required = false) String activityType) {
        return workspace.activities(projectId, agentId, activityType == null || activityType.isBlank() ? null : activityType,
                limit, offset);
    }

    @PostMapping("/activities")
    @RateLimited(Tier.WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    Activity track(@PathVariable long projectId, @Valid @RequestBody ActivityRequest body,
                   @AuthenticationPrincipal AuthenticatedUser user) {
        owner(user, projectId);
        return workspace.recordActivity(projectId, body.activityType(), body.details(), new Actor(user.id(), body.agentId()));
    }

    @GetMapping("/activities/stats")
    @RateLimited(Tier.READ)
    Activity.Stats stats(@PathVariable long projectId) {
        return workspace.activityStats(projectId);
    }

    private void owner(AuthenticatedUser user, long projectId) {
        Access.requireOwner(user, workspace.folder(projectId).ownerId(), "project " + projectId);
    }

    private static String remote(String remote) {
        return remote == null || remote.isBlank() ? "origin" : remote.strip();
    }
}
