package dev.gathering.agent;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class AgentController {

    static final String STYLES = "formal|concise|detailed|technical|friendly|balanced|professional";

    record PersonaInput(@Size(max = 100) String name, @Size(max = 200) String role, List<@NotBlank String> traits,
                        @Pattern(regexp = STYLES, message = "must be one of formal, concise, detailed, technical, friendly, balanced, professional")
                        String communicationStyle,
                        List<@NotBlank String> specializations, List<@NotBlank @Size(max = 20) String> languages,
                        @Size(max = 20000) String basePrompt) {
        static final PersonaInput EMPTY = new PersonaInput(null, null, null, null, null, null, null);
    }

    record ConfigInput(@Size(max = 50) String provider, @Size(max = 100) String model,
                       @Min(1) @Max(200000) Integer maxTokens,
                       @DecimalMin("0") @DecimalMax("2") Double temperature,
                       List<@NotBlank String> competencies, List<@NotBlank String> canReview, Boolean autoRemember,
                       Boolean cacheResponses) {
        static final ConfigInput EMPTY = new ConfigInput(null, null, null, null, null, null, null, null);
    }

    /** Create (persona, or persona_id of a stored persona, is required) or partial update. */
    record AgentWrite(Long personaId, @Valid PersonaInput persona, @Valid ConfigInput config) {
    }

    record Status(String status, String file) {
    }

    record TaskStatus(String status, String taskId, String title) {
    }

    record DashboardList(List<Map<String, Object>> agents, int total) {
    }

    private final AgentService agents;
    private final AgentTools tools;
    private final Clock clock;

    AgentController(AgentService agents, AgentTools tools, Clock clock) {
        this.agents = agents;
        this.tools = tools;
        this.clock = clock;
    }

    @GetMapping("/agents")
    @RateLimited(Tier.READ)
    AgentViews.AgentList list(@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                              @RequestParam(defaultValue = "0") @Min(0) int offset) {
        List<AgentViews.Summary> page = agents.list(limit, offset).stream().map(AgentViews::summary).toList();
        return new AgentViews.AgentList(page, agents.count(), limit, offset);
    }

    @PostMapping("/agents")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.WRITE)
    AgentViews.Detail create(@Valid @RequestBody AgentWrite body, @AuthenticationPrincipal AuthenticatedUser caller) {
        return detail(agents.create(body, caller));
    }

    @GetMapping("/agents/{agentId}")
    @RateLimited(Tier.READ)
    AgentViews.Detail get(@PathVariable long agentId) {
        return detail(agents.get(agentId));
    }

    @PatchMapping("/agents/{agentId}")
    @RateLimited(Tier.WRITE)
    AgentViews.Detail update(@PathVariable long agentId, @Valid @RequestBody AgentWrite body,
                             @AuthenticationPrincipal AuthenticatedUser caller) {
        return detail(agents.update(agentId, body, caller));
    }

    @DeleteMapping("/agents/{agentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RateLimited(Tier.WRITE)
    void delete(@PathVariable long agentId, @AuthenticationPrincipal AuthenticatedUser caller) {
        agents.delete(agentId, caller);
    }

    @GetMapping("/agents/{agentId}/status")
    @RateLimited(Tier.READ)
    Map<String, Object> status(@PathVariable long agentId) {
        Agent agent = agents.get(agentId);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("agent_id", agent.id());
        status.put("name", agent.name());
        status.put("status", agent.effectiveStatus());
        status.put("busy", agent.busy());
        status.put("provider", agent.providerName());
        status.put("model", agent.modelName());
        status.put("current_task", AgentViews.currentTask(agent));
        status.put("session", AgentViews.session(agent, clock));
        status.put("last_active_at", agent.lastActiveAt());
        return status;
    }

    @PostMapping("/agents/{agentId}/session/track-file")
    @RateLimited(Tier.WRITE)
    Status trackFile(@PathVariable long agentId,
                     @RequestParam(name = "file_path") @NotBlank @Size(max = 1000) String filePath,
                     @AuthenticationPrincipal AuthenticatedUser caller) {
        agents.trackFile(agentId, filePath.trim(), caller);
        return new Status("ok", filePath.trim());
    }

    @PostMapping("/agents/{agentId}/session/set-task")
    @RateLimited(Tier.WRITE)
    TaskStatus setTask(@PathVariable long agentId,
                       @RequestParam(name = "task_id") @NotBlank @Size(max = 100) String taskId,
                       @RequestParam @NotBlank @Size(max = 500) String title,
                       @RequestParam(defaultValue = "") @Size(max = 500) String progress,
                       @AuthenticationPrincipal AuthenticatedUser caller) {
        agents.setTask(agentId, taskId, title, progress, caller);
        return new TaskStatus("ok", taskId, title);
    }

    @DeleteMapping("/agents/{agentId}/session/task")
    @RateLimited(Tier.WRITE)
    Map<String, String> clearTask(@PathVariable long agentId, @AuthenticationPrincipal AuthenticatedUser caller) {
        agents.clearTask(agentId, caller);
        return Map.of("status", "ok");
    }

    @GetMapping("/agents-db")
    @RateLimited(Tier.READ)
    DashboardList dashboard() {
        List<Map<String, Object>> rows = agents.dashboard();
        return new DashboardList(rows, rows.size());
    }

    @GetMapping("/agents-db/{agentId}")
    @RateLimited(Tier.READ)
    Map<String, Object> dashboard(@PathVariable long agentId) {
        return agents.dashboard(agentId);
    }

    private AgentViews.Detail detail(Agent agent) {
        AgentTools.Toolbox toolbox = tools.toolbox(agent.id(), agent.name());
        return AgentViews.detail(agent, toolbox.skills(), toolbox.specifications().size(), clock);
    }
}
