package dev.gathering.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolFailure;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code filesystem} skill: an agent reads, lists, searches, writes and deletes the files of a project, through
 * {@link WorkspaceService} (its path checks, atomic writes and activity feed) and the rules of {@link ToolProjects}.
 */
@Component
class FilesystemSkill implements Skill {

    /** Most characters of a file returned in one read; the model reads on with {@code start_line}. */
    static final int READ_MAX_CHARS = 100_000;
    static final int TREE_MAX_PATHS = 2_000;

    private static final String PATH = """
            "path": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "a path relative to the project folder"}""";

    private final WorkspaceService workspace;
    private final ToolProjects projects;

    FilesystemSkill(WorkspaceService workspace, ToolProjects projects) {
        this.workspace = workspace;
        this.projects = projects;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("filesystem", "Project files",
                "Reads, lists, searches, writes and deletes the files of the project of the agent's circle (or one named)",
                "development", Permission.READ);
    }

    @Override
    public List<Tool> tools() {
        String project = ToolProjects.PROJECT_ID;
        return List.of(
                Tool.of("fs_projects", "Lists the projects the agent works on (those of its circles), the default one first", """
                        {"type": "object", "properties": {}, "additionalProperties": false}""", this::projectsOfAgent),
                Tool.of("fs_read", "Reads a text file of the project, whole or from a line on", """
                        {"type": "object", "properties": {%s, %s,
                           "start_line": {"type": "integer", "minimum": 1, "description": "first line to return (from 1)"},
                           "max_lines": {"type": "integer", "minimum": 1, "maximum": 100000}},
                         "required": ["path"], "additionalProperties": false}""".formatted(PATH, project), this::read),
                Tool.of("fs_list", "Lists the entries of one folder of the project (the project folder by default)", """
                        {"type": "object", "properties": {
                           "path": {"type": "string", "maxLength": 4000, "description": "a folder relative to the project folder; empty for the project folder"},
                           %s}, "additionalProperties": false}""".formatted(project), this::list),
                Tool.of("fs_tree", "Lists the project's files and folders (folders end with '/'), honouring .gitignore", """
                        {"type": "object", "properties": {
                           "max_depth": {"type": "integer", "minimum": 1, "maximum": 20, "description": "levels of folders (default 4)"},
                           %s}, "additionalProperties": false}""".formatted(project), this::tree),
                Tool.of("fs_search", "Finds the lines of the project's text files that contain a text (literal, case-insensitive by default)", """
                        {"type": "object", "properties": {
                           "query": {"type": "string", "minLength": 1, "maxLength": 500},
                           "path": {"type": "string", "maxLength": 4000, "description": "a folder to search in; empty for the whole project"},
                           "case_sensitive": {"type": "boolean"},
                           "max_results": {"type": "integer", "minimum": 1, "maximum": 500},
                           %s}, "required": ["query"], "additionalProperties": false}""".formatted(project), this::search),
                Tool.of("fs_write", "Writes a text file of the project (creating it and its folders if needed), replacing its content", """
                        {"type": "object", "properties": {%s, %s,
                           "content": {"type": "string", "maxLength": 5000000},
                           "create_backup": {"type": "boolean", "description": "keep the previous content as <name>.bak (default false)"}},
                         "required": ["path", "content"], "additionalProperties": false}""".formatted(PATH, project), this::write)
                        .requiring(Permission.WRITE),
                Tool.of("fs_delete", "Deletes a file of the project", """
                        {"type": "object", "properties": {%s, %s}, "required": ["path"], "additionalProperties": false}"""
                        .formatted(PATH, project), this::delete)
                        .requiring(Permission.WRITE, Permission.DELETE));
    }

    private Object projectsOfAgent(ToolCall call) {
        List<Map<String, Object>> rows = projects.projectsOf(call.context()).stream()
                .map(folder -> Map.<String, Object>of("project_id", folder.id(), "name", folder.name())).toList();
        if (rows.isEmpty()) {
            throw new ToolFailure("Agent " + call.context().agentId() + " is in no circle linked to a project");
        }
        return Map.of("projects", rows, "default_project_id", rows.getFirst().get("project_id"));
    }

    private Object read(ToolCall call) {
        ProjectFolder project = projects.project(call);
        FileViews.FileContent file = workspace.read(project.id(), call.text("path"));
        ObjectNode result = projects.view(project, null);
        result.put("path", file.path());
        result.put("language", file.language());
        result.put("encoding", file.encoding());
        result.put("size", file.size());
        result.put("lines", file.lines());
        boolean window = call.node("start_line") != null || call.node("max_lines") != null;
        if (!window && file.content().length() <= READ_MAX_CHARS) {
            result.put("content", file.content());
            return result;
        }
        List<String> lines = file.content().lines().toList();
        int first = call.integer("start_line", 1);
        if (first > Math.max(lines.size(), 1)) {
            throw new ToolFailure(file.path() + " has " + lines.size() + " lines; start_line " + first + " is past its end");
        }
        long last = Math.min(lines.size(), (long) first - 1 + call.integer("max_lines", Integer.MAX_VALUE));
        StringBuilder content = new StringBuilder();
        int line = first;
        while (line <= last && content.length() + lines.get(line - 1).length() + 1 <= READ_MAX_CHARS) {
            content.append(lines.get(line - 1)).append('\n');
            line++;
        }
        if (line == first && line <= last) {
            // one line longer than a whole read: its beginning, and on with the next line
            content.append(lines.get(line - 1), 0, READ_MAX_CHARS).append('…');
            line++;
        }
        int end = line - 1;
        result.put("start_line", first);
        result.put("end_line", end);
        result.put("content", content.toString());
        if (end < lines.size()) {
            result.put("truncated", true);
            result.put("next_start_line", end + 1);
        }
        return result;
    }

    private Object list(ToolCall call) {
        ProjectFolder project = projects.project(call);
        return projects.view(project, workspace.list(project.id(), call.text("path", "")));
    }

    private Object tree(ToolCall call) {
        ProjectFolder project = projects.project(call);
        FileViews.Tree tree = workspace.tree(project.id(), call.integer("max_depth", 4), false);
        List<String> paths = new ArrayList<>();
        boolean cut = flatten(tree.tree().children(), paths);
        ObjectNode result = projects.view(project, null);
        var array = result.putArray("paths");
        paths.forEach(array::add);
        result.put("total_entries", tree.totalEntries());
        result.put("truncated", cut || tree.truncated());
        return result;
    }

    /** Depth first, folders with a trailing '/'; true when {@link #TREE_MAX_PATHS} cut it short. */
    private static boolean flatten(List<FileViews.TreeNode> nodes, List<String> paths) {
        if (nodes == null) {
            return false;
        }
        for (FileViews.TreeNode node : nodes) {
            if (paths.size() >= TREE_MAX_PATHS) {
                return true;
            }
            boolean directory = node.type().equals("directory");
            paths.add(directory ? node.path() + "/" : node.path());
            if (directory && flatten(node.children(), paths)) {
                return true;
            }
        }
        return false;
    }

    private Object search(ToolCall call) {
        ProjectFolder project = projects.project(call);
        return projects.view(project, workspace.search(project.id(), call.text("query"), call.text("path", ""),
                call.bool("case_sensitive", false), call.integer("max_results", 50)));
    }

    private Object write(ToolCall call) {
        ProjectFolder project = projects.project(call);
        Actor actor = projects.changer(call, project);
        return projects.view(project, workspace.write(project.id(), call.text("path"), call.text("content"),
                call.bool("create_backup", false), actor));
    }

    private Object delete(ToolCall call) {
        ProjectFolder project = projects.project(call);
        Actor actor = projects.changer(call, project);
        return projects.view(project, workspace.delete(project.id(), call.text("path"), actor));
    }
}
