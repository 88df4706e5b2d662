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

/** The {@code knowledge} skill: the shared knowledge base, searched (hybrid: full text and meaning) and added to. */
@Component
class KnowledgeSkill implements Skill {

    static final int MAX_CONTENT = 4000;

    private final KnowledgeService knowledge;
    private final Principals principals;

    KnowledgeSkill(KnowledgeService knowledge, Principals principals) {
        this.knowledge = knowledge;
        this.principals = principals;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("knowledge", "Knowledge base",
                "Searches the shared knowledge base (documents, notes, uploaded files) and adds entries to it",
                "gathering", Permission.READ);
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.of("knowledge_search", "Finds knowledge base entries about a query, best first", """
                        {"type": "object",
                         "properties": {"query": {"type": "string", "minLength": 1, "maxLength": 2000},
                                        "limit": {"type": "integer", "minimum": 1, "maximum": 20},
                                        "category": {"type": "string", "maxLength": 100},
                                        "project_id": {"type": "integer"}, "circle_id": {"type": "integer"},
                                        "mode": {"type": "string", "enum": ["hybrid", "semantic", "keyword"]}},
                         "required": ["query"], "additionalProperties": false}""", this::search),
                Tool.of("knowledge_add", "Adds an entry (a title and its content) to the knowledge base", """
                        {"type": "object",
                         "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 450},
                                        "content": {"type": "string", "minLength": 1, "maxLength": 100000},
                                        "category": {"type": "string", "maxLength": 100},
                                        "tags": {"type": "array", "items": {"type": "string", "maxLength": 50}, "maxItems": 20},
                                        "project_id": {"type": "integer"}, "circle_id": {"type": "integer"},
                                        "is_global": {"type": "boolean"}},
                         "required": ["title", "content"], "additionalProperties": false}""", this::add)
                        .requiring(Permission.WRITE));
    }

    private Object search(ToolCall call) {
        KnowledgeRepository.Scope scope = new KnowledgeRepository.Scope(call.optionalLong("project_id"),
                call.optionalLong("circle_id"), true, call.text("category", null));
        List<Map<String, Object>> results = knowledge.search(call.text("query"), scope, call.integer("limit", 5), null,
                KnowledgeService.Mode.of(call.text("mode", null)), principals.actingAs(call.context().userId())).stream().map(found -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    KnowledgeRepository.Entry entry = found.entry();
                    row.put("id", entry.id());
                    row.put("title", entry.title());
                    String content = entry.content();
                    row.put("content", content.length() > MAX_CONTENT ? content.substring(0, MAX_CONTENT) + "…" : content);
                    row.put("category", entry.category());
                    row.put("score", found.score());
                    row.put("matched_by", found.matchedBy());
                    if (entry.sourceUrl() != null) {
                        row.put("source_url", entry.sourceUrl());
                    }
                    return row;
                }).toList();
        return Map.of("query", call.text("query"), "results", results);
    }

    private Object add(ToolCall call) {
        KnowledgeRepository.Entry entry = knowledge.add(new KnowledgeService.EntryInput(call.text("title"),
                call.text("content"), call.text("category", null), call.optionalLong("project_id"),
                call.optionalLong("circle_id"), call.bool("is_global", false), call.texts("tags"), null,
                call.context().agentId()), principals.actingAs(call.context().userId()));
        return Map.of("id", entry.id(), "title", entry.title(), "added", true);
    }
}
