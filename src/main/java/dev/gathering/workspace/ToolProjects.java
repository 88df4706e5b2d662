package dev.gathering.workspace;

import java.util.List;

import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.security.Principals;
import dev.gathering.skill.ProjectFiles;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolContext;
import dev.gathering.skill.ToolFailure;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules the agents' project tools share ({@code filesystem}, {@code git}, and {@code pdf} through
 * {@link ProjectFiles}), the same as the {@code /workspace} routes':
 * <ul>
 *   <li>the project is the call's {@code project_id}, or else the first project of the calling agent's circles
 *       (one a circle has as primary first); none is a failure telling the model to pass {@code project_id};</li>
 *   <li>reading is open to everyone signed in, as it is over HTTP;</li>
 *   <li>a change needs the user the agent works for (the chat's user, a circle's owner for circle work) to own the
 *       project or be an admin, and is recorded in the activity feed under the agent and that user.</li>
 * </ul>
 * Paths are checked by {@link WorkspaceService} like any other.
 */
@Component
class ToolProjects implements ProjectFiles {

    /** The argument every project tool takes. */
    static final String PROJECT_ID = """
            "project_id": {"type": "integer", "minimum": 1, "description": "the project (see fs_projects); by default the project of the agent's circle"}""";

    static final int AGENT_PROJECTS = 20;

    private final WorkspaceService workspace;
    private final ProjectDirectory projects;
    private final Principals principals;
    private final JsonMapper json;

    ToolProjects(WorkspaceService workspace, ProjectDirectory projects, Principals principals, JsonMapper json) {
        this.workspace = workspace;
        this.projects = projects;
        this.principals = principals;
        this.json = json;
    }

    /** The project a call acts on. */
    ProjectFolder project(ToolCall call) {
        return project(call.context(), call.optionalLong("project_id"));
    }

    ProjectFolder project(ToolContext context, Long projectId) {
        if (projectId != null) {
            return workspace.folder(projectId);
        }
        if (context.agentId() == null) {
            throw new ToolFailure("Name the project with project_id");
        }
        List<ProjectFolder> found = projects.ofAgent(context.agentId(), 1);
        if (found.isEmpty()) {
            throw new ToolFailure("Agent " + context.agentId() + " is in no circle linked to a project; pass project_id");
        }
        return found.getFirst();
    }

    /** The projects of the calling agent's circles, primary first. */
    List<ProjectFolder> projectsOf(ToolContext context) {
        return context.agentId() == null ? List.of() : projects.ofAgent(context.agentId(), AGENT_PROJECTS);
    }

    /**
     * Who makes a change in {@code project}, once the user the agent works for is found allowed to make it
     * (its owner or an admin; never a viewer).
     */
    Actor changer(ToolCall call, ProjectFolder project) {
        AuthenticatedUser user = user(call.context());
        Access.requireOwner(user, project.ownerId(), "project " + project.id());
        Long agentId = call.context().agentId();
        return agentId == null ? Actor.user(user.id()) : Actor.agent(agentId, user.id());
    }

    AuthenticatedUser user(ToolContext context) {
        return principals.actingAs(context.userId());
    }

    /** A result for the model: which project, then the fields of {@code result}. */
    ObjectNode view(ProjectFolder project, Object result) {
        ObjectNode node = json.createObjectNode();
        node.put("project_id", project.id());
        node.put("project", project.name());
        if (result != null) {
            node.setAll((ObjectNode) json.valueToTree(result));
        }
        return node;
    }

    @Override
    public ProjectFile read(ToolContext context, Long projectId, String path) {
        ProjectFolder project = project(context, projectId);
        FileViews.RawFile file = workspace.readRaw(project.id(), path);
        return new ProjectFile(project.id(), file.path(), file.bytes());
    }
}
