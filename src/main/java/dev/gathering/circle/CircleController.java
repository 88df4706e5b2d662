package dev.gathering.circle;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Circles are keyed by name, as upstream. */
@RestController
@RequestMapping("/circles")
@Validated
class CircleController {

    record CircleCreate(@NotBlank @Size(max = 100)
                        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "may contain letters, digits, '.', '_' and '-', starting with a letter or digit")
                        String name,
                        Boolean requireReview, Boolean autoRoute, @Min(1) @Max(100) Integer maxConcurrentTasks,
                        Long projectId) {
    }

    record MemberAdd(Long agentId, List<@NotBlank String> competencies, List<@NotBlank String> canReview) {
    }

    record TaskCreate(@NotBlank @Size(max = 500) String title, @Size(max = 50_000) String description,
                      List<@NotBlank String> requiredCompetencies, Object priority, Long assignedAgentId) {
    }

    record Claim(@NotNull Long agentId) {
    }

    record Submit(@NotBlank @Size(max = 1_000_000) String result, List<@NotBlank String> filesModified) {
    }

    record ReviewBody(Long reviewerId, String comments, Double score) {
    }

    record FileRequest(@NotNull Long agentId, @NotBlank @Size(max = 1000) String path) {
    }

    record Resolution(@NotBlank @Size(max = 5000) String resolution) {
    }

    private final CircleService circles;
    private final TaskService tasks;
    private final CircleWorker worker;

    CircleController(CircleService circles, TaskService tasks, CircleWorker worker) {
        this.circles = circles;
        this.tasks = tasks;
        this.worker = worker;
    }

    @GetMapping
    @RateLimited(Tier.READ)
    CircleViews.CircleList list(@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                                @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new CircleViews.CircleList(circles.list(limit, offset).stream().map(CircleViews::summary).toList(),
                circles.count(), limit, offset);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.WRITE)
    CircleViews.Detail create(@Valid @RequestBody CircleCreate body, @AuthenticationPrincipal AuthenticatedUser caller) {
        Circle circle = circles.create(body.name(), body.requireReview() == null || body.requireReview(),
                body.autoRoute() == null || body.autoRoute(),
                body.maxConcurrentTasks() == null ? 5 : body.maxConcurrentTasks(), body.projectId(), caller);
        return CircleViews.detail(circle, List.of());
    }

    @GetMapping("/{name}")
    @RateLimited(Tier.READ)
    CircleViews.Detail get(@PathVariable String name) {
        Circle circle = circles.get(name);
        return CircleViews.detail(circle, circles.members(circle.id()));
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RateLimited(Tier.WRITE)
    void delete(@PathVariable String name,
                @AuthenticationPrincipal AuthenticatedUser caller) {
        Circle circle = circles.changeable(name, caller);
        worker.stop(name);
        circles.delete(circle);
    }

    @PostMapping("/{name}/start")
    @RateLimited(Tier.WRITE)
    Map<String, String> start(@PathVariable String name,
                              @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        boolean started = circles.start(name);
        if (started) {
            tasks.routePending(circles.get(name));
        }
        return Map.of("status", started ? "started" : "already_running", "name", circles.get(name).name());
    }

    /** Waits for the circle's running steps (up to the stop timeout) before answering. */
    @PostMapping("/{name}/stop")
    @RateLimited(Tier.WRITE)
    Map<String, String> stop(@PathVariable String name,
                             @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        circles.get(name);
        return Map.of("status", worker.stop(name) ? "stopped" : "already_stopped", "name", circles.get(name).name());
    }

    /**
     * Adds a member. The agent and its lists come as JSON ({@code agent_id, competencies[], can_review[]}) or as
     * upstream's query parameters ({@code agent_id}, comma-separated {@code competencies} and {@code can_review});
     * lists default to the agent's own.
     */
    @PostMapping("/{name}/agents")
    @RateLimited(Tier.WRITE)
    Map<String, Object> addMember(@PathVariable String name, @RequestBody(required = false) @Valid MemberAdd body,
                                  @RequestParam(name = "agent_id", required = false) Long agentId,
                                  @RequestParam(required = false) String competencies,
                                  @RequestParam(name = "can_review", required = false) String canReview,
                                  @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        Long id = body != null && body.agentId() != null ? body.agentId() : agentId;
        if (id == null) {
            throw ApiException.unprocessable("agent_id is required (JSON body or query parameter)");
        }
        List<String> skills = body != null && body.competencies() != null ? body.competencies() : csv(competencies);
        List<String> reviews = body != null && body.canReview() != null ? body.canReview() : csv(canReview);
        Member member = circles.addMember(name, id, skills, reviews);
        tasks.routePending(circles.get(name));
        return Map.of("status", "added", "agent_id", member.agentId(), "agent", CircleViews.member(member));
    }

    @DeleteMapping("/{name}/agents/{agentId}")
    @RateLimited(Tier.WRITE)
    Map<String, Object> removeMember(@PathVariable String name, @PathVariable long agentId,
                                     @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        circles.removeMember(name, agentId);
        return Map.of("status", "removed", "agent_id", agentId);
    }

    @GetMapping("/{name}/tasks")
    @RateLimited(Tier.READ)
    CircleViews.TaskList listTasks(@PathVariable String name,
                                   @RequestParam(name = "status_filter", required = false) String statusFilter,
                                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                                   @RequestParam(defaultValue = "0") @Min(0) int offset) {
        TaskStatus status = null;
        if (statusFilter != null && !statusFilter.isBlank()) {
            try {
                status = TaskStatus.parse(statusFilter);
            } catch (IllegalArgumentException e) {
                throw ApiException.unprocessable("status_filter must be one of " + Arrays.stream(TaskStatus.values())
                        .map(TaskStatus::value).toList());
            }
        }
        TaskRepository.Page page = tasks.list(name, status, limit, offset);
        return new CircleViews.TaskList(page.tasks().stream().map(CircleViews::task).toList(), page.total(), limit, offset);
    }

    @PostMapping("/{name}/tasks")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.WRITE)
    CircleViews.TaskView createTask(@PathVariable String name, @Valid @RequestBody TaskCreate body,
                                    @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        int priority;
        try {
            priority = TaskRouter.priority(body.priority());
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
        return CircleViews.task(tasks.create(name, body.title(), body.description(),
                body.requiredCompetencies() == null ? List.of() : body.requiredCompetencies(), priority,
                body.assignedAgentId()));
    }

    @GetMapping("/{name}/tasks/{taskId}")
    @RateLimited(Tier.READ)
    CircleViews.TaskView getTask(@PathVariable String name, @PathVariable long taskId) {
        return CircleViews.task(tasks.get(name, taskId));
    }

    @PostMapping("/{name}/tasks/{taskId}/claim")
    @RateLimited(Tier.WRITE)
    CircleViews.TaskView claim(@PathVariable String name, @PathVariable long taskId, @Valid @RequestBody Claim body,
                               @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        return CircleViews.task(tasks.claim(name, taskId, body.agentId()));
    }

    @PostMapping("/{name}/tasks/{taskId}/submit")
    @RateLimited(Tier.WRITE)
    CircleViews.TaskView submit(@PathVariable String name, @PathVariable long taskId, @Valid @RequestBody Submit body,
                                @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        return CircleViews.task(tasks.submit(name, taskId, body.result(),
                body.filesModified() == null ? List.of() : body.filesModified()));
    }

    @PostMapping("/{name}/tasks/{taskId}/approve")
    @RateLimited(Tier.WRITE)
    Map<String, Object> approve(@PathVariable String name, @PathVariable long taskId,
                                @RequestParam(name = "reviewer_id", required = false) Long reviewerId,
                                @RequestParam(defaultValue = "") String comments,
                                @RequestParam(required = false) @Min(0) @Max(100) Double score,
                                @RequestBody(required = false) ReviewBody body,
                                @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        review(name, taskId, "approved", reviewerId, comments, score, body);
        return Map.of("status", "approved", "task_id", taskId);
    }

    @PostMapping("/{name}/tasks/{taskId}/request-changes")
    @RateLimited(Tier.WRITE)
    Map<String, Object> requestChanges(@PathVariable String name, @PathVariable long taskId,
                                       @RequestParam(name = "reviewer_id", required = false) Long reviewerId,
                                       @RequestParam(defaultValue = "") String comments,
                                       @RequestParam(required = false) @Min(0) @Max(100) Double score,
                                       @RequestBody(required = false) ReviewBody body,
                                       @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        review(name, taskId, "changes_requested", reviewerId, comments, score, body);
        return Map.of("status", "changes_requested", "task_id", taskId);
    }

    @PostMapping("/{name}/tasks/{taskId}/reject")
    @RateLimited(Tier.WRITE)
    Map<String, Object> reject(@PathVariable String name, @PathVariable long taskId,
                               @RequestParam(name = "reviewer_id", required = false) Long reviewerId,
                               @RequestParam(required = false) String reason,
                               @RequestBody(required = false) ReviewBody body,
                               @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        String why = reason != null ? reason : body == null ? null : body.comments();
        if (why == null || why.isBlank()) {
            throw ApiException.unprocessable("reason is required to reject a task");
        }
        review(name, taskId, "rejected", reviewerId, why, null, body);
        return Map.of("status", "rejected", "task_id", taskId);
    }

    @PostMapping("/{name}/tasks/{taskId}/cancel")
    @RateLimited(Tier.WRITE)
    CircleViews.TaskView cancel(@PathVariable String name, @PathVariable long taskId,
                                @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        return CircleViews.task(tasks.cancel(name, taskId));
    }

    @GetMapping("/{name}/conflicts")
    @RateLimited(Tier.READ)
    CircleViews.ConflictList conflicts(@PathVariable String name,
                                       @RequestParam(name = "include_resolved", defaultValue = "false") boolean includeResolved) {
        List<Conflict> conflicts = circles.conflicts(name, includeResolved);
        return new CircleViews.ConflictList(conflicts, conflicts.size());
    }

    @PostMapping("/{name}/conflicts/{conflictId}/resolve")
    @RateLimited(Tier.WRITE)
    Conflict resolve(@PathVariable String name, @PathVariable long conflictId, @Valid @RequestBody Resolution body,
                     @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        return circles.resolveConflict(name, conflictId, body.resolution());
    }

    @PostMapping("/{name}/files/claim")
    @RateLimited(Tier.WRITE)
    CircleService.FileClaim claimFile(@PathVariable String name, @Valid @RequestBody FileRequest body,
                                      @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        return circles.claimFile(name, body.agentId(), body.path().trim());
    }

    @PostMapping("/{name}/files/release")
    @RateLimited(Tier.WRITE)
    Map<String, Object> releaseFile(@PathVariable String name, @Valid @RequestBody FileRequest body,
                                    @AuthenticationPrincipal AuthenticatedUser caller) {
        circles.changeable(name, caller);
        circles.releaseFile(name, body.agentId(), body.path().trim());
        return Map.of("status", "released", "path", body.path().trim(), "agent_id", body.agentId());
    }

    @GetMapping("/{name}/metrics")
    @RateLimited(Tier.READ)
    CircleViews.Metrics metrics(@PathVariable String name) {
        Circle circle = circles.get(name);
        return CircleViews.metrics(circle, circles.members(circle.id()));
    }

    private void review(String name, long taskId, String decision, Long reviewerId, String comments, Double score,
                        ReviewBody body) {
        Long reviewer = reviewerId != null ? reviewerId : body == null ? null : body.reviewerId();
        if (reviewer == null) {
            throw ApiException.unprocessable("reviewer_id is required");
        }
        String text = comments != null && !comments.isBlank() ? comments : body == null ? "" : body.comments();
        Double value = score != null ? score : body == null ? null : body.score();
        tasks.review(name, taskId, reviewer, new TaskService.Review(decision, text, value));
    }

    private static List<String> csv(String values) {
        return values == null ? null : Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
