package dev.gathering.skill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.agent.Agent;
import dev.gathering.agent.AgentTools;
import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** An agent's skills by name (upstream's {@code /agents/{id}/skills} routes), over the same switches as {@code /tools}. */
@RestController
@Validated
class AgentSkillController {

    record SkillDetail(String name, String description, String version, int toolsCount, List<String> tools) {
    }

    record Failed(String skill, String error) {
    }

    private final AgentSkills agentSkills;
    private final SkillCatalog catalog;
    private final ToolDispatcher dispatcher;

    AgentSkillController(AgentSkills agentSkills, SkillCatalog catalog, ToolDispatcher dispatcher) {
        this.agentSkills = agentSkills;
        this.catalog = catalog;
        this.dispatcher = dispatcher;
    }

    @GetMapping("/agents/{agentId}/skills")
    @RateLimited(Tier.READ)
    Map<String, Object> skills(@PathVariable long agentId) {
        Agent agent = agentSkills.requireAgent(agentId);
        AgentTools.Toolbox toolbox = dispatcher.toolbox(agentId, agent.name());
        List<SkillDetail> details = new ArrayList<>();
        for (String name : toolbox.skills()) {
            catalog.skill(name).ifPresent(entry -> details.add(new SkillDetail(name, entry.skill().info().description(),
                    entry.skill().info().version(), entry.tools().size(), entry.toolNames())));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agent_id", agentId);
        answer.put("configured_skills", agentSkills.enabled(agentId));
        answer.put("loaded_skills", toolbox.skills());
        answer.put("skill_details", details);
        answer.put("available_skills", catalog.names());
        answer.put("tools_count", toolbox.specifications().size());
        return answer;
    }

    @PutMapping("/agents/{agentId}/skills")
    @RateLimited(Tier.WRITE)
    Map<String, Object> replace(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                                @RequestBody @Size(max = 200) List<String> skillNames) {
        Agent agent = agentSkills.requireChangeable(user, agentId);
        if (skillNames.stream().anyMatch(name -> name == null || name.isBlank())) {
            throw ApiException.badRequest("Skill names must not be empty");
        }
        List<String> configured = agentSkills.replace(agentId, skillNames);
        AgentTools.Toolbox toolbox = dispatcher.toolbox(agentId, agent.name());
        List<Failed> failed = new ArrayList<>();
        for (AgentSkills.SkillState state : agentSkills.matrix(agentId)) {
            if (state.enabled() && state.problem() != null) {
                failed.add(new Failed(state.skill().name(), state.problem()));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("agent_id", agentId);
        answer.put("configured_skills", configured);
        answer.put("loaded_skills", toolbox.skills());
        answer.put("failed_skills", failed);
        answer.put("tools_count", toolbox.specifications().size());
        return answer;
    }

    @PostMapping("/agents/{agentId}/skills/{skillName}")
    @RateLimited(Tier.WRITE)
    Map<String, Object> add(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                            @PathVariable String skillName) {
        Agent agent = agentSkills.requireChangeable(user, agentId);
        boolean changed = agentSkills.set(agentId, skillName, true);
        AgentTools.Toolbox toolbox = dispatcher.toolbox(agentId, agent.name());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", changed ? "added" : "already_exists");
        answer.put("agent_id", agentId);
        answer.put("skill", skillName);
        answer.put("skills", agentSkills.enabled(agentId));
        answer.put("tools_count", toolbox.specifications().size());
        return answer;
    }

    @DeleteMapping("/agents/{agentId}/skills/{skillName}")
    @RateLimited(Tier.WRITE)
    Map<String, Object> remove(@AuthenticationPrincipal AuthenticatedUser user, @PathVariable long agentId,
                               @PathVariable String skillName) {
        agentSkills.requireChangeable(user, agentId);
        boolean wasEnabled = agentSkills.enabled(agentId).contains(skillName);
        if (wasEnabled) {
            agentSkills.set(agentId, skillName, false);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", wasEnabled ? "removed" : "not_found");
        answer.put("skills", agentSkills.enabled(agentId));
        return answer;
    }
}
