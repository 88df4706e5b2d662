package dev.gathering.memory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.platform.security.Principals;
import org.springframework.stereotype.Component;

/** The {@code memory} skill: an agent remembers and recalls its own long-term memories, semantically. */
@Component
class MemorySkill implements Skill {

    private final MemoryService memories;
    private final Principals principals;

    MemorySkill(MemoryService memories, Principals principals) {
        this.memories = memories;
        this.principals = principals;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("memory", "Memory",
                "Remembers facts, decisions and lessons, and recalls the ones relevant to a question",
                "gathering", Permission.READ);
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.of("memory_remember", "Stores something worth remembering in the agent's long-term memory", """
                        {"type": "object",
                         "properties": {"content": {"type": "string", "minLength": 1, "maxLength": 10000},
                                        "memory_type": {"type": "string", "enum": ["fact", "preference", "context", "decision", "error", "feedback", "learning", "skill", "relationship", "experience"]},
                                        "importance": {"type": "number", "minimum": 0, "maximum": 1},
                                        "tags": {"type": "array", "items": {"type": "string", "maxLength": 50}, "maxItems": 20}},
                         "required": ["content"], "additionalProperties": false}""", this::remember)
                        .requiring(Permission.WRITE),
                Tool.of("memory_recall", "Recalls the agent's memories most relevant to a query, best first", """
                        {"type": "object",
                         "properties": {"query": {"type": "string", "minLength": 1, "maxLength": 2000},
                                        "limit": {"type": "integer", "minimum": 1, "maximum": 20},
                                        "memory_type": {"type": "string", "maxLength": 30}},
                         "required": ["query"], "additionalProperties": false}""", this::recall));
    }

    private Object remember(ToolCall call) {
        long agentId = call.context().requireAgent(call.tool());
        MemoryService.MemoryInput input = new MemoryService.MemoryInput(call.text("content"),
                MemoryService.normalizeType(call.text("memory_type", "fact")), null, call.texts("tags"),
                call.decimal("importance", 0.5), "agent", null);
        MemoryRepository.Memory stored = memories.remember(agentId, List.of(input), "tool",
                principals.actingAs(call.context().userId())).getFirst();
        return Map.of("id", stored.id(), "memory_type", stored.memoryType(), "remembered", true);
    }

    private Object recall(ToolCall call) {
        long agentId = call.context().requireAgent(call.tool());
        String type = call.text("memory_type", null);
        List<Map<String, Object>> found = memories.recall(agentId, call.text("query"),
                        type == null ? null : List.of(MemoryService.normalizeType(type)), null, call.integer("limit", 5), null,
                        principals.actingAs(call.context().userId()))
                .stream().map(recalled -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", recalled.memory().id());
                    row.put("content", recalled.memory().value());
                    row.put("memory_type", recalled.memory().memoryType());
                    row.put("similarity", recalled.similarity());
                    row.put("created_at", recalled.memory().createdAt().toString());
                    return row;
                }).toList();
        return Map.of("query", call.text("query"), "memories", found);
    }
}
