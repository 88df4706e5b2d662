package dev.gathering.project;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.circle.Circle;
import dev.gathering.circle.CircleService;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.security.SecretBox;
import dev.gathering.platform.web.ApiException;
import dev.gathering.workspace.Inspection;
import dev.gathering.workspace.WorkspaceService;
import org.springframework.stereotype.Service;

/**
 * Projects: registration of a folder (checked by the workspace's folder policy), detection from disk, updates,
 * links with circles, prompt context. Everyone signed in reads projects; their owner or an admin changes them.
 */
@Service
public class ProjectService {

    /** What registration needs; {@code gitToken} is sealed before it is stored. */
    record Registration(String name, String displayName, String description, String repositoryUrl, String branch,
                        boolean autoDetect, String gitUsername, String gitToken) {
    }

    record Page(List<Project> projects, long total, int limit, int offset) {
    }

    record CircleLinks(long projectId, String projectName, List<ProjectRepository.Link> circles, int total) {
    }

    record Context(long projectId, String projectName, String promptContext, Map<String, Object> raw) {
    }

    private final ProjectRepository projects;
    private final WorkspaceService workspace;
    private final CircleService circles;
    private final SecretBox secrets;
    private final EventBus events;

    ProjectService(ProjectRepository projects, WorkspaceService workspace, CircleService circles, SecretBox secrets,
                   EventBus events) {
        this.projects = projects;
        this.workspace = workspace;
        this.circles = circles;
        this.secrets = secrets;
        this.events = events;
    }

    public Project get(long id) {
        return projects.find(id).orElseThrow(() -> ApiException.notFound("Project " + id + " not found"));
    }

    Page list(String status, int limit, int offset) {
        return new Page(projects.list(status, limit, offset), projects.count(status), limit, offset);
    }

    /**
     * Registers an existing folder: 400 missing or not a folder, 403 outside the allowed folders, 409 already a project.
     * Every signed-in user may read a project's files, so only admins may expose folders outside the workspace root.
     */
    Project register(AuthenticatedUser user, String path, Registration registration) {
        Access.requireWriter(user);
        Path folder = workspace.registrableFolder(path);
        if (!user.isAdmin() && !folder.startsWith(workspace.workspaceRoot())) {
            throw ApiException.forbidden("Only admins may register folders outside the workspace root ("
                    + workspace.workspaceRoot() + "); clone the repository instead, or ask an admin");
        }
        return insert(user.id(), folder, registration);
    }

    /** Stores a project for a folder already checked (a registration, or a finished clone). */
    Project insert(String ownerId, Path folder, Registration registration) {
        String token = registration.gitToken() == null || registration.gitToken().isBlank() ? null
                : secrets.seal(registration.gitToken());
        long id = projects.insert(new ProjectRepository.NewProject(registration.name().strip(),
                        blankToNull(registration.displayName()), folder.toString(), blankToNull(registration.description()),
                        blankToNull(WorkspaceService.withoutCredentials(registration.repositoryUrl())), blankToNull(registration.branch()),
                        blankToNull(registration.gitUsername()), token, ownerId))
                .orElseThrow(() -> ApiException.conflict("The folder " + folder + " is already a project"));
        if (registration.autoDetect()) {
            detect(id, folder);
        }
        Project project = get(id);
        events.publish(Event.of("project.created", summary(project)).project(id));
        return project;
    }

    Project update(AuthenticatedUser user, long id, ProjectRepository.Changes changes) {
        Project project = get(id);
        Access.requireOwner(user, project.ownerId(), "project " + id);
        if (changes.status() != null && !Project.STATUSES.contains(changes.status())) {
            throw ApiException.unprocessable("status must be one of " + Project.STATUSES.stream().sorted().toList());
        }
        projects.update(id, changes);
        Project updated = get(id);
        events.publish(Event.of("project.updated", summary(updated)).project(id));
        return updated;
    }

    /** Seals a token for {@link ProjectRepository.Changes}. */
    String seal(String token) {
        return token == null || token.isBlank() ? null : secrets.seal(token);
    }

    /** Deletes the project (its links and activity feed with it); its folder and files stay where they are. */
    void delete(AuthenticatedUser user, long id) {
        Project project = get(id);
        Access.requireOwner(user, project.ownerId(), "project " + id);
        if (!projects.delete(id)) {
            throw ApiException.notFound("Project " + id + " not found");
        }
        events.publish(Event.of("project.deleted", Map.of("project_id", id, "name", project.name())).project(id));
    }

    Project refresh(AuthenticatedUser user, long id) {
        Project project = get(id);
        Access.requireOwner(user, project.ownerId(), "project " + id);
        detect(id, Path.of(project.path()));
        Project refreshed = get(id);
        events.publish(Event.of("project.refreshed", summary(refreshed)).project(id));
        return refreshed;
    }

    private void detect(long id, Path folder) {
        Inspection found = workspace.inspect(folder);
        projects.applyDetection(id, new ProjectRepository.Detected(found.branch(), found.remoteUrl(), found.techStack(),
                found.languages(), found.frameworks(), found.venvPath(), found.pythonVersion(), found.tools(),
                found.conventions(), found.keyFiles(), found.commands()));
    }

    // --- circles

    /** True when the link is new. 404 for an unknown project or circle. */
    boolean link(AuthenticatedUser user, long projectId, long circleId, boolean primary) {
        Project project = get(projectId);
        Access.requireOwner(user, project.ownerId(), "project " + projectId);
        Circle circle = circles.find(circleId).orElseThrow(() -> ApiException.notFound("Circle " + circleId + " not found"));
        boolean created = projects.link(projectId, circleId, primary);
        if (created) {
            events.publish(Event.of("project.circle.linked", Map.of("project_id", projectId, "circle_id", circleId,
                    "circle_name", circle.name(), "is_primary", primary)).project(projectId).circle(circleId));
        }
        return created;
    }

    void unlink(AuthenticatedUser user, long projectId, long circleId) {
        Project project = get(projectId);
        Access.requireOwner(user, project.ownerId(), "project " + projectId);
        Circle circle = circles.find(circleId).orElseThrow(() -> ApiException.notFound("Circle " + circleId + " not found"));
        boolean removed = projects.unlink(projectId, circleId);
        if (circle.projectId() != null && circle.projectId() == projectId) {
            circles.detachProject(circleId, projectId);
            removed = true;
        }
        if (!removed) {
            throw ApiException.notFound("Circle " + circleId + " is not linked to project " + projectId);
        }
        events.publish(Event.of("project.circle.unlinked", Map.of("project_id", projectId, "circle_id", circleId))
                .project(projectId).circle(circleId));
    }

    CircleLinks circles(long projectId) {
        Project project = get(projectId);
        List<ProjectRepository.Link> links = projects.links(projectId);
        return new CircleLinks(projectId, project.name(), links, links.size());
    }

    Context context(long projectId) {
        Project project = get(projectId);
        return new Context(projectId, project.name(), ProjectContexts.prompt(project), ProjectContexts.raw(project));
    }

    static Map<String, Object> summary(Project project) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("project_id", project.id());
        data.put("name", project.name());
        data.put("path", project.path());
        data.put("status", project.status());
        data.put("languages", project.languages());
        return data;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
