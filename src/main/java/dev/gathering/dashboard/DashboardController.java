package dev.gathering.dashboard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.agent.AgentService;
import dev.gathering.circle.Circle;
import dev.gathering.circle.CircleService;
import dev.gathering.circle.Member;
import dev.gathering.circle.TaskService;
import dev.gathering.circle.TaskStatus;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.Model;
import dev.gathering.provider.Provider;
import dev.gathering.provider.ProviderService;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The upstream {@code /dashboard} router (§1.6), answered from the database: {@code demo_mode} is always false.
 * Each route runs a constant number of statements (one or two), whatever the number of rows.
 */
@RestController
@RequestMapping("/dashboard")
@Validated
class DashboardController {

    private final AgentService agents;
    private final ProviderService providers;
    private final CircleService circles;
    private final TaskService tasks;
    private final DashboardService dashboard;

    DashboardController(AgentService agents, ProviderService providers, CircleService circles, TaskService tasks,
                        DashboardService dashboard) {
        this.agents = agents;
        this.providers = providers;
        this.circles = circles;
        this.tasks = tasks;
        this.dashboard = dashboard;
    }

    @GetMapping("/config")
    @RateLimited(Tier.READ)
    Map<String, Object> config() {
        Map<String, Object> answer = answer();
        answer.put("version", dashboard.version());
        answer.put("features", dashboard.features());
        return answer;
    }

    @GetMapping("/agents")
    @RateLimited(Tier.READ)
    Map<String, Object> agents() {
        List<Map<String, Object>> rows = agents.dashboard();
        Map<String, Object> answer = answer();
        answer.put("agents", rows);
        answer.put("total", rows.size());
        return answer;
    }

    @GetMapping("/agents/{agentId}")
    @RateLimited(Tier.READ)
    Map<String, Object> agent(@PathVariable long agentId) {
        Map<String, Object> answer = answer();
        answer.put("agent", agents.full(agentId));
        return answer;
    }

    @GetMapping("/providers")
    @RateLimited(Tier.READ)
    Map<String, Object> providers() {
        List<Map<String, Object>> rows = providers.list().stream().map(this::provider).toList();
        Map<String, Object> answer = answer();
        answer.put("providers", rows);
        answer.put("total", rows.size());
        return answer;
    }

    @GetMapping("/providers/{providerId}")
    @RateLimited(Tier.READ)
    Map<String, Object> provider(@PathVariable long providerId) {
        Map<String, Object> answer = answer();
        answer.put("provider", provider(providers.get(providerId)));
        return answer;
    }

    @GetMapping("/models")
    @RateLimited(Tier.READ)
    Map<String, Object> models(@RequestParam(name = "provider_id", required = false) Long providerId) {
        List<Model> rows = providers.models(providerId, false);
        Map<String, Object> answer = answer();
        answer.put("models", rows);
        answer.put("total", rows.size());
        answer.put("provider_id", providerId);
        return answer;
    }

    @GetMapping("/models/{modelId}")
    @RateLimited(Tier.READ)
    Map<String, Object> model(@PathVariable long modelId) {
        Map<String, Object> answer = answer();
        answer.put("model", providers.model(modelId));
        return answer;
    }

    @GetMapping("/stats")
    @RateLimited(Tier.READ)
    Map<String, Object> stats() {
        DashboardStats stats = dashboard.stats();
        Map<String, Object> answer = answer();
        answer.putAll(stats.asMap());
        return answer;
    }

    @GetMapping("/circles")
    @RateLimited(Tier.READ)
    Map<String, Object> circles(@RequestParam(name = "is_active", required = false) Boolean isActive,
                                @RequestParam(defaultValue = "500") @Min(1) @Max(1000) int limit,
                                @RequestParam(defaultValue = "0") @Min(0) int offset) {
        boolean active = isActive == null || isActive;
        List<Map<String, Object>> rows = circles.list(active, limit, offset).stream()
                .map(circle -> circle(circle, active)).toList();
        Map<String, Object> answer = answer();
        answer.put("circles", rows);
        answer.put("total", rows.size());
        return answer;
    }

    @GetMapping("/circles/{circleId}")
    @RateLimited(Tier.READ)
    Map<String, Object> circle(@PathVariable long circleId) {
        Map<String, Object> answer = answer();
        answer.put("circle", circle(existing(circleId), true));
        return answer;
    }

    @GetMapping("/circles/{circleId}/members")
    @RateLimited(Tier.READ)
    Map<String, Object> members(@PathVariable long circleId) {
        existing(circleId);
        List<Map<String, Object>> rows = circles.members(circleId).stream().filter(Member::isActive)
                .map(member -> member(circleId, member)).toList();
        Map<String, Object> answer = answer();
        answer.put("circle_id", circleId);
        answer.put("members", rows);
        answer.put("total", rows.size());
        return answer;
    }

    @GetMapping("/circles/{circleId}/tasks")
    @RateLimited(Tier.READ)
    Map<String, Object> tasks(@PathVariable long circleId, @RequestParam(required = false) String status,
                              @RequestParam(defaultValue = "500") @Min(1) @Max(1000) int limit,
                              @RequestParam(defaultValue = "0") @Min(0) int offset) {
        TaskStatus filter = null;
        if (status != null && !status.isBlank()) {
            try {
                filter = TaskStatus.parse(status);
            } catch (IllegalArgumentException e) {
                throw ApiException.unprocessable("status must be one of " + java.util.Arrays.stream(TaskStatus.values())
                        .map(TaskStatus::value).toList());
            }
        }
        existing(circleId);
        TaskService.TaskPage page = tasks.tasks(circleId, filter, limit, offset);
        Map<String, Object> answer = answer();
        answer.put("circle_id", circleId);
        answer.put("tasks", page.tasks());
        answer.put("total", page.total());
        answer.put("status_filter", filter == null ? null : filter.value());
        return answer;
    }

    // ------------------------------------------------------------------------------------------------ shapes

    private static Map<String, Object> answer() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("demo_mode", false);
        return answer;
    }

    private Circle existing(long circleId) {
        return circles.find(circleId).orElseThrow(() -> ApiException.notFound("Circle " + circleId + " not found"));
    }

    private Map<String, Object> provider(Provider provider) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", provider.id());
        row.put("name", provider.name());
        row.put("api_type", provider.apiType());
        row.put("api_base_url", provider.apiBaseUrl());
        row.put("is_local", provider.isLocal());
        row.put("is_builtin", provider.isBuiltin());
        var connection = providers.connection(provider);
        row.put("default_model", connection.defaultModel());
        row.put("api_key_configured", connection.apiKey() != null);
        row.put("created_at", provider.createdAt());
        row.put("model_count", provider.modelCount());
        return row;
    }

    private static Map<String, Object> circle(Circle circle, boolean active) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", circle.id());
        row.put("name", circle.name());
        row.put("status", circle.status());
        row.put("require_review", circle.requireReview());
        row.put("auto_route", circle.autoRoute());
        row.put("max_concurrent_tasks", circle.maxConcurrentTasks());
        row.put("project_id", circle.projectId());
        row.put("is_active", active);
        row.put("created_at", circle.createdAt());
        row.put("started_at", circle.startedAt());
        row.put("stopped_at", circle.stoppedAt());
        row.put("member_count", circle.agentCount());
        row.put("task_count", circle.taskCount());
        row.put("pending_tasks", circle.pendingTasks());
        row.put("active_tasks", circle.activeTasks());
        row.put("review_tasks", circle.reviewTasks());
        row.put("completed_tasks", circle.completedTasks());
        row.put("failed_tasks", circle.failedTasks());
        row.put("blocked_tasks", circle.blockedTasks());
        row.put("open_conflicts", circle.conflicts());
        return row;
    }

    private static Map<String, Object> member(long circleId, Member member) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("circle_id", circleId);
        row.put("agent_id", member.agentId());
        row.put("agent_name", member.name());
        row.put("agent_role", member.role());
        row.put("provider_name", member.provider());
        row.put("model_name", member.model());
        row.put("status", member.agentBusy() ? "busy" : "idle");
        row.put("competencies", member.competencies());
        row.put("can_review", member.canReview());
        row.put("is_active", member.isActive());
        row.put("joined_at", member.joinedAt());
        row.put("tasks_completed", member.tasksCompleted());
        row.put("tasks_failed", member.tasksFailed());
        row.put("reviews_done", member.reviewsDone());
        row.put("current_workload", member.currentWorkload());
        row.put("approval_rate", member.approvalRate());
        row.put("average_quality_score", member.averageQualityScore());
        return row;
    }
}
