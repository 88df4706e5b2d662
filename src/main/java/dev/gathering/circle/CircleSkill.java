package dev.gathering.circle;

import java.util.List;
import java.util.Map;

import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolFailure;
import org.springframework.stereotype.Component;

/**
 * The {@code circle} skill: an agent lists, creates, claims and submits the tasks of circles, through the same rules as
 * the API (states, membership, review). Claiming and submitting act as the calling agent.
 */
@Component
class CircleSkill implements Skill {

    private static final String CIRCLE = """
            "circle": {"type": "string", "minLength": 1, "maxLength": 100, "description": "the circle's name"}""";

    private final TaskService tasks;

    CircleSkill(TaskService tasks) {
        this.tasks = tasks;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("circle", "Circle tasks",
                "Lists, creates, claims and submits the tasks of circles",
                "gathering", Permission.READ);
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.of("circle_list_tasks", "Lists a circle's tasks, newest first, optionally of one status", """
                        {"type": "object", "properties": {%s,
                           "status": {"type": "string", "enum": ["pending", "in_progress", "review", "completed", "blocked", "cancelled", "failed"]},
                           "limit": {"type": "integer", "minimum": 1, "maximum": 50}},
                         "required": ["circle"], "additionalProperties": false}""".formatted(CIRCLE), this::list),
                Tool.of("circle_get_task", "Reads one task: its state, assignee, result and review", """
                        {"type": "object", "properties": {"task_id": {"type": "integer", "minimum": 1}},
                         "required": ["task_id"], "additionalProperties": false}""", this::get),
                Tool.of("circle_create_task", "Creates a task in a running circle (it is routed to a member by competence)", """
                        {"type": "object", "properties": {%s,
                           "title": {"type": "string", "minLength": 1, "maxLength": 500},
                           "description": {"type": "string", "maxLength": 50000},
                           "required_competencies": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 20},
                           "priority": {"type": ["integer", "string"], "description": "1 (urgent) to 10, or low, medium, high, critical"}},
                         "required": ["circle", "title"], "additionalProperties": false}""".formatted(CIRCLE), this::create)
                        .requiring(Permission.WRITE),
                Tool.of("circle_claim_task", "Claims a pending task of a circle for the calling agent", """
                        {"type": "object", "properties": {%s, "task_id": {"type": "integer", "minimum": 1}},
                         "required": ["circle", "task_id"], "additionalProperties": false}""".formatted(CIRCLE), this::claim)
                        .requiring(Permission.WRITE),
                Tool.of("circle_submit_task", "Submits the calling agent's result for a task it works on", """
                        {"type": "object", "properties": {%s, "task_id": {"type": "integer", "minimum": 1},
                           "result": {"type": "string", "minLength": 1, "maxLength": 1000000},
                           "files_modified": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 200}},
                         "required": ["circle", "task_id", "result"], "additionalProperties": false}""".formatted(CIRCLE),
                        this::submit).requiring(Permission.WRITE));
    }

    private Object list(ToolCall call) {
        String status = call.text("status", null);
        TaskRepository.Page page = tasks.list(call.text("circle"), status == null ? null : TaskStatus.parse(status),
                call.integer("limit", 20), 0);
        return Map.of("circle", call.text("circle"), "total", page.total(),
                "tasks", page.tasks().stream().map(CircleViews::task).toList());
    }

    private Object get(ToolCall call) {
        long id = call.number("task_id", 0);
        return CircleViews.task(tasks.find(id).orElseThrow(() -> new ToolFailure("Task " + id + " not found")));
    }

    private Object create(ToolCall call) {
        int priority;
        try {
            var node = call.node("priority");
            priority = TaskRouter.priority(node == null ? null : node.isNumber() ? (Object) node.asInt() : node.asString());
        } catch (IllegalArgumentException e) {
            throw new ToolFailure(e.getMessage());
        }
        return CircleViews.task(tasks.create(call.text("circle"), call.text("title"), call.text("description", ""),
                call.texts("required_competencies"), priority, null));
    }

    private Object claim(ToolCall call) {
        long agentId = call.context().requireAgent(call.tool());
        return CircleViews.task(tasks.claim(call.text("circle"), call.number("task_id", 0), agentId));
    }

    private Object submit(ToolCall call) {
        long agentId = call.context().requireAgent(call.tool());
        String circle = call.text("circle");
        long taskId = call.number("task_id", 0);
        CircleTask task = tasks.get(circle, taskId);
        if (task.assignedAgentId() == null || task.assignedAgentId() != agentId) {
            throw new ToolFailure("Task " + taskId + " is not assigned to agent " + agentId + "; claim it first");
        }
        return CircleViews.task(tasks.submit(circle, taskId, call.text("result"), call.texts("files_modified")));
    }
}
