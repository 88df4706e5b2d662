package dev.gathering.skill;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gathering.agent.Agent;
import dev.gathering.agent.AgentService;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Service;

/**
 * Each agent's side of skills: which are enabled, which permissions it holds, how much it used them. A skill is
 * offered to the agent's model when it is enabled in the catalogue and for the agent, the agent holds its
 * permissions, and (for the dangerous ones) the server allows execution. Only the agent's owner or an admin changes
 * any of it.
 */
@Service
public class AgentSkills {

    /** What one agent may use: its permissions and its enabled skills (catalogue id by name). */
    record Grants(Set<Permission> permissions, Map<String, Long> enabledSkills) {
    }

    /** One catalogue skill as the agent sees it. {@code problem}: why it is not offered although enabled. */
    record SkillState(SkillRepository.SkillRow skill, boolean enabled, long usageCount, java.time.OffsetDateTime lastUsedAt,
                      List<String> missingPermissions, String problem, int toolsCount) {
    }

    private final SkillRepository repository;
    private final SkillCatalog catalog;
    private final AgentService agents;
    private final SkillProperties properties;
    private final EventBus events;

    AgentSkills(SkillRepository repository, SkillCatalog catalog, AgentService agents, SkillProperties properties,
                EventBus events) {
        this.repository = repository;
        this.catalog = catalog;
        this.agents = agents;
        this.properties = properties;
        this.events = events;
    }

    /** One statement; an unknown agent has no grants. */
    Grants grants(long agentId) {
        return repository.state(agentId)
                .map(state -> new Grants(parse(state.permissions(), state.hasPermissionRow()), state.enabledSkills()))
                .orElse(new Grants(Set.of(), Map.of()));
    }

    /** 404 for an unknown agent; 403 unless the caller owns it or is an admin. */
    Agent requireChangeable(AuthenticatedUser caller, long agentId) {
        Agent agent = agents.get(agentId);
        Access.requireOwner(caller, agent.ownerId(), "agent " + agentId);
        return agent;
    }

    Agent requireAgent(long agentId) {
        return agents.get(agentId);
    }

    List<SkillState> matrix(long agentId) {
        Set<Permission> held = grants(agentId).permissions();
        List<SkillState> states = new ArrayList<>();
        for (SkillRepository.AgentSkillRow row : repository.matrix(agentId)) {
            states.add(state(row, held));
        }
        return states;
    }

    private SkillState state(SkillRepository.AgentSkillRow row, Set<Permission> held) {
        SkillRepository.SkillRow skill = row.skill();
        Set<Permission> missing = EnumSet.noneOf(Permission.class);
        for (String name : skill.requiredPermissions()) {
            Permission permission = Permission.parse(name);
            if (!held.contains(permission)) {
                missing.add(permission);
            }
        }
        var entry = catalog.skill(skill.name());
        String problem = null;
        if (!skill.enabled()) {
            problem = "skill " + skill.name() + " is switched off for every agent";
        } else if (entry.isEmpty()) {
            problem = "skill " + skill.name() + " is not available on this server right now";
        } else if (skill.dangerous() && !properties.exec()) {
            problem = ToolDispatcher.execRefusal("skill " + skill.name());
        } else if (!missing.isEmpty()) {
            problem = "the agent lacks the permission(s) " + String.join(", ", Permission.names(missing));
        }
        return new SkillState(skill, row.enabled(), row.usageCount(), row.lastUsedAt(), Permission.names(missing),
                problem, entry.map(e -> e.tools().size()).orElse(0));
    }

    /** The catalogue row of a skill, or 404 naming the available ones. */
    SkillRepository.SkillRow skill(String name) {
        return repository.find(name).orElseThrow(() -> ApiException.notFound("Skill '" + name + "' not found. Available: "
                + String.join(", ", catalogueNames())));
    }

    private List<String> catalogueNames() {
        return repository.catalogue(null, false).stream().map(SkillRepository.SkillRow::name).toList();
    }

    /** Sets one skill; returns whether anything changed. Refuses dangerous skills while execution is off. */
    boolean set(long agentId, String skillName, boolean enabled) {
        SkillRepository.SkillRow skill = skill(skillName);
        return apply(agentId, List.of(skill), enabled) > 0;
    }

    /** Sets several skills (all known, or 404 naming the unknown ones); returns how many changed. */
    int set(long agentId, List<String> skillNames, boolean enabled) {
        Map<String, SkillRepository.SkillRow> byName = new java.util.HashMap<>();
        repository.catalogue(null, false).forEach(row -> byName.put(row.name(), row));
        List<String> unknown = skillNames.stream().filter(name -> !byName.containsKey(name)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("Unknown skill(s): " + String.join(", ", unknown) + ". Available: "
                    + String.join(", ", byName.keySet().stream().sorted().toList()));
        }
        return apply(agentId, new LinkedHashSet<>(skillNames).stream().map(byName::get).toList(), enabled);
    }

    /** Makes exactly {@code skillNames} the enabled skills; returns the names enabled. */
    List<String> replace(long agentId, List<String> skillNames) {
        set(agentId, skillNames, true);
        Set<String> keep = Set.copyOf(skillNames);
        List<String> off = grants(agentId).enabledSkills().keySet().stream().filter(name -> !keep.contains(name)).toList();
        if (!off.isEmpty()) {
            set(agentId, off, false);
        }
        return enabled(agentId);
    }

    /** Enables every skill (of a category) except the dangerous ones, which are only ever enabled by name. */
    int enableAll(long agentId, String category) {
        List<SkillRepository.SkillRow> skills = repository.catalogue(category, true).stream()
                .filter(skill -> !skill.dangerous()).toList();
        return apply(agentId, skills, true);
    }

    int disableAll(long agentId, String category) {
        int changed = repository.disableAll(agentId, category);
        if (changed > 0) {
            events.publish(Event.of("agent.skills.changed", Map.of("agent_id", agentId, "is_enabled", false,
                    "category", category == null ? "all" : category)).sourceAgent(agentId));
        }
        return changed;
    }

    private int apply(long agentId, List<SkillRepository.SkillRow> skills, boolean enabled) {
        if (enabled && !properties.exec()) {
            for (SkillRepository.SkillRow skill : skills) {
                if (skill.dangerous()) {
                    throw ApiException.conflict("Skill '" + skill.name() + "' runs commands or code on the server;"
                            + " it cannot be enabled while GATHERING_AGENT_EXEC is off");
                }
            }
        }
        int changed = repository.setEnabled(agentId, skills.stream().map(SkillRepository.SkillRow::id).toList(), enabled);
        if (changed > 0) {
            events.publish(Event.of("agent.skills.changed", Map.of("agent_id", agentId, "is_enabled", enabled,
                    "skills", skills.stream().map(SkillRepository.SkillRow::name).toList())).sourceAgent(agentId));
        }
        return changed;
    }

    List<String> enabled(long agentId) {
        return grants(agentId).enabledSkills().keySet().stream().sorted().toList();
    }

    Set<Permission> permissions(long agentId) {
        return grants(agentId).permissions();
    }

    Set<Permission> setPermissions(long agentId, List<String> names) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            try {
                permissions.add(Permission.parse(name));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        repository.setPermissions(agentId, Permission.names(permissions));
        events.publish(Event.of("agent.permissions.changed", Map.of("agent_id", agentId,
                "permissions", Permission.names(permissions))).sourceAgent(agentId));
        return permissions;
    }

    private static Set<Permission> parse(List<String> names, boolean stored) {
        if (!stored) {
            return Permission.DEFAULTS;
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            try {
                permissions.add(Permission.parse(name));
            } catch (IllegalArgumentException ignored) {
                // a permission this version no longer knows grants nothing
            }
        }
        return permissions;
    }
}
