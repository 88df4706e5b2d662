package dev.gathering.skill;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The catalogue and each agent's tool matrix (upstream's {@code /tools} router, and the agents' permissions). */
@RestController
@Validated
class SkillController {

    record SkillView(long id, String name, String displayName, String description, String category,
                     List<String> requiredPermissions, boolean isDangerous, boolean isEnabled, String version,
                     int toolsCount, boolean available) {
    }

    record ToolView(String name, String description, JsonNode inputSchema, List<String> requiredPermissions) {
    }

    record SkillDetail(long id, String name, String displayName, String description, String category,
                       List<String> requiredPermissions, boolean isDangerous, boolean isEnabled, String version,
                       String source, boolean available, List<ToolView> tools, List<String> problems) {
    }

    record MatrixRow(long skillId, String skillName, String skillDisplayName, String skillCategory,
                     List<String> requiredPermissions, boolean isDangerous, boolean isEnabled, long usageCount,
                     OffsetDateTime lastUsedAt, boolean offered, List<String> missingPermissions, String problem) {
    }

    record Matrix(long agentId, String agentName, List<MatrixRow> tools, long enabledCount, int totalCount,
                  List<String> permissions) {
    }

    record Toggle(@NotNull Boolean isEnabled) {
    }

    record Bulk(@NotNull @Size(max = 200) List<@NotNull String> skillNames, @NotNull Boolean isEnabled) {
    }

    record Permissions(@NotNull @Size(max = 20) List<@NotNull String> permissions) {
    }

    private final AgentSkills agentSkills;
    private final SkillRepository repository;
    private final SkillCatalog catalog;

    SkillController(AgentSkills agentSkills, SkillRepository repository, SkillCatalog catalog) {
        this.agentSkills = agentSkills;
        this.repository = repository;
        this.catalog = catalog;
    }

    @GetMapping("/tools/skills")
    @RateLimited(Tier.READ)
    List<SkillView> skills(@RequestParam(required = false) @Size(max = 50) String category) {
        return repository.catalogue(blankToNull(category), true).stream().map(this::view).toList();
    }

    @GetMapping("/tools/skills/categories")
    @RateLimited(Tier.READ)
    Map<String, Long> categories() {
        Map<String, Long> counts = new TreeMap<>();
        repository.catalogue(null, true).forEach(skill -> counts.merge(skill.category(), 1L, Long::sum));
        return counts;
    }

    @GetMapping("/tools/skills/{skillName}")
    @RateLimited(Tier.READ)
    SkillDetail skill(@PathVariable String skillName) {
        SkillRepository.SkillRow row = agentSkills.skill(skillName);
        var entry = catalog.skill(row.name());
        List<ToolView> tools = new ArrayList<>();
        entry.ifPresent(e -> e.tools().forEach(tool -> tools.add(new ToolView(tool.tool().name(), tool.tool().description(),
                tool.tool().inputSchema(), Permission.names(tool.tool().permissions())))));
        return new SkillDetail(row.id(), row.name(), row.displayName(), row.description(), row.category(),
                row.requiredPermissions(), row.dangerous(), row.enabled(), row.version(), row.source(), entry.isPresent(),
                tools, entry.map(SkillCatalog.Entry::problems).orElse(List.of()));
    }

    @GetMapping("/tools/agents/{agentId}")
    @RateLimited(Tier.READ)
    Matrix matrix(@PathVariable long agentId) {
        var agent = agentSkills.requireAgent(agentId);
        List<MatrixRow> rows = new ArrayList<>();
        long enabled = 0;
        for (AgentSkills.SkillState state : agentSkills.matrix(agentId)) {
            SkillRepository.SkillRow skill = state.skill();
            rows.add(new MatrixRow(skill.id(), skill.name(), skill.displayName(), skill.category(),
                    skill.requiredPermissions(), skill.dangerous(), state.enabled(), state.usageCount(),
                    state.lastUsedAt(), state.enabled() && state.problem() == null, state.missingPermissions(),
                    state.enabled() ? state.problem() : null));
            if (state.enabled()) {
                enabled++;
            }
        }
        return new Matrix(agentId, agent.name(), rows, enabled, rows.size(),
                Permission.names(agentSkills.permissions(agentId)));
    }

    @PatchMapping("/tools/agents/{agentId}/skills/{skillName}")
    @RateLimited(Tier.WRITE)
    Map<String, Object> toggle(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                               @PathVariable String skillName, @Valid @RequestBody Toggle body) {
        agentSkills.requireChangeable(user, agentId);
        agentSkills.set(agentId, skillName, body.isEnabled());
        String note = body.isEnabled() ? offeredNote(agentId, skillName) : "";
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agent_id", agentId);
        answer.put("skill_name", skillName);
        answer.put("is_enabled", body.isEnabled());
        answer.put("message", "Skill '" + skillName + "' " + (body.isEnabled() ? "enabled" : "disabled")
                + " for agent " + agentId + note);
        return answer;
    }

    @PostMapping("/tools/agents/{agentId}/skills/bulk")
    @RateLimited(Tier.WRITE)
    Map<String, Object> bulk(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                             @Valid @RequestBody Bulk body) {
        agentSkills.requireChangeable(user, agentId);
        int updated = agentSkills.set(agentId, body.skillNames(), body.isEnabled());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agent_id", agentId);
        answer.put("updated_count", updated);
        answer.put("is_enabled", body.isEnabled());
        answer.put("message", updated + " skill(s) " + (body.isEnabled() ? "enabled" : "disabled") + " for agent " + agentId);
        return answer;
    }

    @PostMapping("/tools/agents/{agentId}/skills/enable-all")
    @RateLimited(Tier.WRITE)
    Map<String, Object> enableAll(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                                  @RequestParam(required = false) @Size(max = 50) String category) {
        agentSkills.requireChangeable(user, agentId);
        int enabled = agentSkills.enableAll(agentId, blankToNull(category));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agent_id", agentId);
        answer.put("enabled_count", enabled);
        answer.put("category", blankToNull(category));
        answer.put("message", enabled + " skill(s) enabled for agent " + agentId
                + (category == null ? "" : " in category " + category)
                + "; dangerous skills (commands, code) are only enabled by name");
        return answer;
    }

    @PostMapping("/tools/agents/{agentId}/skills/disable-all")
    @RateLimited(Tier.WRITE)
    Map<String, Object> disableAll(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                                   @RequestParam(required = false) @Size(max = 50) String category) {
        agentSkills.requireChangeable(user, agentId);
        int disabled = agentSkills.disableAll(agentId, blankToNull(category));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agent_id", agentId);
        answer.put("category", blankToNull(category));
        answer.put("disabled_count", disabled);
        answer.put("message", disabled + " skill(s) disabled for agent " + agentId
                + (category == null ? "" : " in category " + category));
        return answer;
    }

    @GetMapping("/tools/agents/{agentId}/enabled")
    @RateLimited(Tier.READ)
    Map<String, Object> enabled(@PathVariable long agentId) {
        agentSkills.requireAgent(agentId);
        return Map.of("agent_id", agentId, "enabled_skills", agentSkills.enabled(agentId));
    }

    @GetMapping("/tools/agents/{agentId}/permissions")
    @RateLimited(Tier.READ)
    Map<String, Object> permissions(@PathVariable long agentId) {
        agentSkills.requireAgent(agentId);
        return Map.of("agent_id", agentId, "permissions", Permission.names(agentSkills.permissions(agentId)),
                "available", Permission.names(List.of(Permission.values())));
    }

    @PutMapping("/tools/agents/{agentId}/permissions")
    @RateLimited(Tier.WRITE)
    Map<String, Object> setPermissions(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                                       @Valid @RequestBody Permissions body) {
        agentSkills.requireChangeable(user, agentId);
        return Map.of("agent_id", agentId, "permissions", Permission.names(agentSkills.setPermissions(agentId, body.permissions())));
    }

    /** After enabling: why the skill is not offered yet, if it is not. */
    private String offeredNote(long agentId, String skillName) {
        for (AgentSkills.SkillState state : agentSkills.matrix(agentId)) {
            if (state.skill().name().equals(skillName) && state.problem() != null) {
                return "; it is not offered to the agent's model yet: " + state.problem();
            }
        }
        return "";
    }

    private SkillView view(SkillRepository.SkillRow row) {
        var entry = catalog.skill(row.name());
        return new SkillView(row.id(), row.name(), row.displayName(), row.description(), row.category(),
                row.requiredPermissions(), row.dangerous(), row.enabled(), row.version(),
                entry.map(e -> e.tools().size()).orElse(0), entry.isPresent());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
