package dev.gathering.skill;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import dev.langchain4j.agent.tool.ToolSpecification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every skill this server runs, by name, and every tool by name with its compiled schema. Built-in skills (the
 * {@link Skill} beans) are registered at start and written to {@code agent.skills}; plugins register and unregister
 * theirs while the server runs. A tool whose name another skill already has is left out of the later skill, and
 * the problem reported with it.
 */
@Component
public class SkillCatalog implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SkillCatalog.class);

    /** A tool ready to run. */
    record CompiledTool(Skill skill, Tool tool, Schema validator, ToolSpecification specification) {
    }

    /** A registered skill, its usable tools and what was wrong with the others. */
    public record Entry(Skill skill, String source, List<CompiledTool> tools, List<String> problems) {

        public List<String> toolNames() {
            return tools.stream().map(tool -> tool.tool().name()).toList();
        }
    }

    private final ObjectProvider<Skill> builtins;
    private final ToolSchemas schemas;
    private final SkillRepository repository;
    private final JsonMapper json;
    private final Map<String, Entry> skills = new ConcurrentHashMap<>();
    private final Map<String, Long> ids = new ConcurrentHashMap<>();
    private volatile Map<String, CompiledTool> tools = Map.of();

    SkillCatalog(ObjectProvider<Skill> builtins, ToolSchemas schemas, SkillRepository repository, JsonMapper json) {
        this.builtins = builtins;
        this.schemas = schemas;
        this.repository = repository;
        this.json = json;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Skill> found = builtins.orderedStream().sorted(Comparator.comparing(Skill::name)).toList();
        List<SkillRepository.SkillWrite> rows = new ArrayList<>();
        synchronized (this) {
            for (Skill skill : found) {
                Entry entry = add(skill, "builtin");
                rows.add(row(entry));
            }
        }
        ids.putAll(repository.upsert(rows));
        repository.deleteBuiltinsExcept(found.stream().map(Skill::name).toList());
        log.info("Skills: {} built in ({} tools)", found.size(), tools.size());
    }

    /**
     * Registers (or replaces) a skill that is not a bean, such as a plugin's, and writes its catalogue row. Returns
     * the problems of the tools left out.
     */
    public List<String> register(Skill skill, String source) {
        Entry entry;
        synchronized (this) {
            remove(skill.name());
            entry = add(skill, source);
        }
        ids.putAll(repository.upsert(List.of(row(entry))));
        return entry.problems();
    }

    /** Removes a skill from this server; {@code forget} also deletes its catalogue row and every agent's switch. */
    public void unregister(String name, boolean forget) {
        synchronized (this) {
            remove(name);
        }
        if (forget) {
            repository.delete(name);
            ids.remove(name);
        }
    }

    /** Switches a skill on or off for every agent (its catalogue row; agents' own switches are kept). */
    public void setEnabled(String name, boolean enabled) {
        repository.setSkillEnabled(name, enabled);
    }

    public Optional<Entry> skill(String name) {
        return Optional.ofNullable(skills.get(name));
    }

    public Collection<Entry> skills() {
        return skills.values();
    }

    public boolean isRegistered(String name) {
        return skills.containsKey(name);
    }

    CompiledTool tool(String name) {
        return tools.get(name);
    }

    /** The catalogue id of a registered skill (null while its row is being written). */
    Long id(String skillName) {
        return ids.get(skillName);
    }

    /** Every registered name, sorted. */
    public List<String> names() {
        return skills.keySet().stream().sorted().toList();
    }

    private Entry add(Skill skill, String source) {
        List<CompiledTool> compiled = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, CompiledTool> index = new HashMap<>(tools);
        for (Tool tool : skill.tools()) {
            CompiledTool existing = index.get(tool.name());
            if (existing != null) {
                problems.add("tool " + tool.name() + " is left out: skill " + existing.skill().name() + " already has a tool of that name");
                continue;
            }
            ToolSchemas.Compiled schema = schemas.compile(tool);
            if (schema.problem() != null) {
                problems.add(schema.problem());
                continue;
            }
            CompiledTool ready = new CompiledTool(skill, tool, schema.validator(), schema.specification());
            compiled.add(ready);
            index.put(tool.name(), ready);
        }
        for (String problem : problems) {
            log.warn("Skill {}: {}", skill.name(), problem);
        }
        Entry entry = new Entry(skill, source, List.copyOf(compiled), List.copyOf(problems));
        skills.put(skill.name(), entry);
        tools = Map.copyOf(index);
        return entry;
    }

    private void remove(String name) {
        Entry removed = skills.remove(name);
        if (removed != null) {
            Map<String, CompiledTool> index = new HashMap<>(tools);
            removed.tools().forEach(tool -> index.remove(tool.tool().name(), tool));
            tools = Map.copyOf(index);
        }
    }

    private SkillRepository.SkillWrite row(Entry entry) {
        SkillInfo skill = entry.skill().info();
        List<Map<String, Object>> toolRows = new ArrayList<>();
        for (CompiledTool tool : entry.tools()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", tool.tool().name());
            row.put("description", tool.tool().description());
            row.put("required_permissions", Permission.names(tool.tool().permissions()));
            toolRows.add(row);
        }
        return new SkillRepository.SkillWrite(skill.name(), skill.displayName(), skill.description(), skill.category(),
                Permission.names(skill.permissions()), skill.version(), skill.dangerous(), entry.source(),
                json.writeValueAsString(toolRows));
    }
}
