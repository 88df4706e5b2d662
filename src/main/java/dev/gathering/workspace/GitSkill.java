package dev.gathering.workspace;

import java.util.List;
import java.util.Map;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code git} skill: an agent reads the status, diff and log of a project's repository, stages and commits,
 * through {@link WorkspaceService} and the rules of {@link ToolProjects}. Commits are authored by the agent (its name,
 * no e-mail: an agent has none) and recorded in the activity feed under the agent and the user it works for. No push or pull: publishing to a remote stays
 * a person's decision (the {@code /workspace/{id}/git/push} route).
 */
@Component
class GitSkill implements Skill {

    /** Most characters of a diff returned to the model. */
    static final int DIFF_MAX_CHARS = 100_000;

    private static final String PATHS = """
            "paths": {"type": "array", "minItems": 1, "maxItems": 1000,
                      "items": {"type": "string", "maxLength": 4000},
                      "description": "paths relative to the project folder; \\".\\" for every change"}""";

    private final WorkspaceService workspace;
    private final ToolProjects projects;

    GitSkill(WorkspaceService workspace, ToolProjects projects) {
        this.workspace = workspace;
        this.projects = projects;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("git", "Git",
                "Status, diff, log, staging and commits in the repository of the project of the agent's circle (or one named)",
                "development", Permission.READ, Permission.GIT);
    }

    @Override
    public List<Tool> tools() {
        String project = ToolProjects.PROJECT_ID;
        return List.of(
                Tool.of("git_status", "Shows the branch and the staged, modified, deleted and untracked files", """
                        {"type": "object", "properties": {%s}, "additionalProperties": false}""".formatted(project),
                        this::status),
                Tool.of("git_diff", "Shows the changes of the working tree against the last commit, or of one commit", """
                        {"type": "object", "properties": {%s,
                           "commit": {"type": "string", "minLength": 1, "maxLength": 200, "description": "a commit (hash, branch, HEAD~1…); omit for the uncommitted changes"},
                           "file_path": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "only this file"}},
                         "additionalProperties": false}""".formatted(project), this::diff),
                Tool.of("git_log", "Lists commits, newest first", """
                        {"type": "object", "properties": {%s,
                           "limit": {"type": "integer", "minimum": 1, "maximum": 100, "description": "default 10"},
                           "branch": {"type": "string", "minLength": 1, "maxLength": 255},
                           "author": {"type": "string", "minLength": 1, "maxLength": 200},
                           "path": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "only commits changing this path"}},
                         "additionalProperties": false}""".formatted(project), this::log),
                Tool.of("git_add", "Stages files for the next commit (a deleted file stages its removal)", """
                        {"type": "object", "properties": {%s, %s}, "required": ["paths"], "additionalProperties": false}"""
                        .formatted(project, PATHS), this::stage)
                        .requiring(Permission.WRITE),
                Tool.of("git_unstage", "Takes files out of the next commit, keeping their changes", """
                        {"type": "object", "properties": {%s, %s}, "required": ["paths"], "additionalProperties": false}"""
                        .formatted(project, PATHS), this::unstage)
                        .requiring(Permission.WRITE),
                Tool.of("git_commit", "Commits what is staged, authored by the agent", """
                        {"type": "object", "properties": {%s,
                           "message": {"type": "string", "minLength": 1, "maxLength": 20000}},
                         "required": ["message"], "additionalProperties": false}""".formatted(project), this::commit)
                        .requiring(Permission.WRITE));
    }

    private Object status(ToolCall call) {
        ProjectFolder project = projects.project(call);
        return projects.view(project, workspace.gitStatus(project.id()));
    }

    private Object diff(ToolCall call) {
        ProjectFolder project = projects.project(call);
        GitViews.Diff diff = workspace.gitDiff(project.id(), call.text("commit", null), call.text("file_path", null));
        ObjectNode result = projects.view(project, diff);
        if (diff.diff().length() > DIFF_MAX_CHARS) {
            result.put("diff", diff.diff().substring(0, DIFF_MAX_CHARS));
            result.put("truncated", true);
        }
        return result;
    }

    private Object log(ToolCall call) {
        ProjectFolder project = projects.project(call);
        List<GitViews.Commit> commits = workspace.gitLog(project.id(), call.integer("limit", 10),
                call.text("branch", null), call.text("author", null), call.text("path", null));
        return projects.view(project, Map.of("commits", commits, "count", commits.size()));
    }

    private Object stage(ToolCall call) {
        ProjectFolder project = projects.project(call);
        projects.changer(call, project);
        return projects.view(project, workspace.gitStage(project.id(), call.texts("paths")));
    }

    private Object unstage(ToolCall call) {
        ProjectFolder project = projects.project(call);
        projects.changer(call, project);
        return projects.view(project, workspace.gitUnstage(project.id(), call.texts("paths")));
    }

    private Object commit(ToolCall call) {
        ProjectFolder project = projects.project(call);
        Actor actor = projects.changer(call, project);
        return projects.view(project, workspace.gitCommit(project.id(), call.text("message"),
                author(call.context(), projects.user(call.context())), actor));
    }

    /** The agent by name; without an agent (a call from outside any agent), the user it is made for. */
    private static GitViews.Author author(ToolContext context, AuthenticatedUser user) {
        if (context.agentId() == null) {
            return new GitViews.Author(user.id(), user.email() == null ? "" : user.email());
        }
        String name = context.agentName() == null || context.agentName().isBlank()
                ? "agent " + context.agentId() : context.agentName();
        return new GitViews.Author(name, "");
    }
}
