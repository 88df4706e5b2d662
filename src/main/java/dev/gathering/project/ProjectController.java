package dev.gathering.project;

import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.workspace.FileViews;
import dev.gathering.workspace.WorkspaceService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Upstream's {@code /projects} routes, plus the state of a background clone. */
@RestController
@RequestMapping("/projects")
@Validated
class ProjectController {

    /** {@code path}: register that folder; {@code repository_url} without a path: clone it (202). */
    record ProjectCreate(@NotBlank @Size(max = 200) String name, @Size(max = 1000) String path,
                         @Size(max = 200) String displayName, @Size(max = 10_000) String description,
                         @Size(max = 2000) String repositoryUrl, @Size(max = 255) String branch, Boolean autoDetect,
                         @Size(max = 200) String gitUsername, @Size(max = 2000) String gitToken) {
    }

    /** Absent fields stay as they are; {@code git_token: ""} removes the saved token. */
    record ProjectUpdate(@Size(min = 1, max = 200) String name, @Size(max = 200) String displayName,
                         @Size(max = 10_000) String description, String status, @Size(max = 1000) String venvPath,
                         @Size(max = 50) String pythonVersion, Map<String, Object> tools, Map<String, Object> conventions,
                         Map<String, Object> keyFiles, Map<String, Object> commands,
                         @Size(max = 200) List<@Size(max = 5000) String> notes, @Size(max = 200) String gitUsername,
                         @Size(max = 2000) String gitToken) {
    }

    record LinkResult(String status, long projectId, long circleId) {
    }

    private final ProjectService projects;
    private final ProjectClones clones;
    private final WorkspaceService workspace;

    ProjectController(ProjectService projects, ProjectClones clones, WorkspaceService workspace) {
        this.projects = projects;
        this.clones = clones;
        this.workspace = workspace;
    }

    @GetMapping
    @RateLimited(Tier.READ)
    ProjectService.Page list(@RequestParam(required = false) String status,
                             @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                             @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return projects.list(status == null || status.isBlank() ? null : status.strip(), limit, offset);
    }

    @PostMapping
    @RateLimited(Tier.WRITE)
    ResponseEntity<?> create(@Valid @RequestBody ProjectCreate body, @AuthenticationPrincipal AuthenticatedUser user) {
        var registration = new ProjectService.Registration(body.name(), body.displayName(), body.description(),
                body.repositoryUrl(), body.branch(), body.autoDetect() == null || body.autoDetect(), body.gitUsername(),
                body.gitToken());
        if (body.path() != null && !body.path().isBlank()) {
            return ResponseEntity.status(HttpStatus.CREATED).body(projects.register(user, body.path(), registration));
        }
        if (body.repositoryUrl() == null || body.repositoryUrl().isBlank()) {
            throw ApiException.unprocessable("Give path (a server folder to register) or repository_url (a repository to clone)");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(clones.start(user, registration));
    }

    @GetMapping("/clones/{cloneId}")
    @RateLimited(Tier.READ)
    ProjectClones.CloneJob clone(@PathVariable String cloneId) {
        return clones.get(cloneId);
    }

    @GetMapping("/browse/folders")
    @RateLimited(Tier.READ)
    FileViews.Browse browse(@RequestParam(required = false) String path,
                            @RequestParam(name = "show_hidden", defaultValue = "false") boolean showHidden,
                            @AuthenticationPrincipal AuthenticatedUser user) {
        return workspace.browse(path, showHidden, !user.isAdmin());
    }

    @GetMapping("/{projectId}")
    @RateLimited(Tier.READ)
    Project get(@PathVariable long projectId) {
        return projects.get(projectId);
    }

    @PatchMapping("/{projectId}")
    @RateLimited(Tier.WRITE)
    Project update(@PathVariable long projectId, @Valid @RequestBody ProjectUpdate body,
                   @AuthenticationPrincipal AuthenticatedUser user) {
        boolean clearToken = body.gitToken() != null && body.gitToken().isBlank();
        return projects.update(user, projectId, new ProjectRepository.Changes(ProjectService.blankToNull(body.name()),
                body.displayName(), body.description(), body.status(), body.venvPath(), body.pythonVersion(), body.tools(),
                body.conventions(), body.keyFiles(), body.commands(), body.notes(), body.gitUsername(),
                clearToken ? null : projects.seal(body.gitToken()), clearToken));
    }

    @DeleteMapping("/{projectId}")
    @RateLimited(Tier.WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long projectId, @AuthenticationPrincipal AuthenticatedUser user) {
        projects.delete(user, projectId);
    }

    @PostMapping("/{projectId}/circles/{circleId}")
    @RateLimited(Tier.WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    LinkResult link(@PathVariable long projectId, @PathVariable long circleId,
                    @RequestParam(name = "is_primary", defaultValue = "false") boolean isPrimary,
                    @AuthenticationPrincipal AuthenticatedUser user) {
        boolean created = projects.link(user, projectId, circleId, isPrimary);
        return new LinkResult(created ? "linked" : "already_linked", projectId, circleId);
    }

    @DeleteMapping("/{projectId}/circles/{circleId}")
    @RateLimited(Tier.WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unlink(@PathVariable long projectId, @PathVariable long circleId, @AuthenticationPrincipal AuthenticatedUser user) {
        projects.unlink(user, projectId, circleId);
    }

    @GetMapping("/{projectId}/circles")
    @RateLimited(Tier.READ)
    ProjectService.CircleLinks circles(@PathVariable long projectId) {
        return projects.circles(projectId);
    }

    @PostMapping("/{projectId}/refresh")
    @RateLimited(Tier.WRITE)
    Project refresh(@PathVariable long projectId, @AuthenticationPrincipal AuthenticatedUser user) {
        return projects.refresh(user, projectId);
    }

    @GetMapping("/{projectId}/context")
    @RateLimited(Tier.READ)
    ProjectService.Context context(@PathVariable long projectId) {
        return projects.context(projectId);
    }
}
