package dev.gathering.workspace;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * The one way into project folders: every read, write and git operation on a project's files goes through here, for
 * the HTTP routes as for agents' tools. The contract:
 * <ul>
 *   <li>Projects are named by id; a missing project is a 404 ("Project N not found"), a project whose folder
 *       vanished a 409.</li>
 *   <li>Paths are relative to the project folder ('/' separators; an absolute path inside the folder is accepted).
 *       Every path is checked by {@link PathGuard}: {@code ..}, percent-encoded and double-encoded traversal, NUL
 *       bytes, absolute paths outside the folder and symbolic links leading out are refused with 403 before anything
 *       is touched; {@code .git} is reachable only through the git operations.</li>
 *   <li>Writes are atomic (temporary file, then rename); changes of files and commits are recorded in the project's
 *       activity feed under the given {@link Actor} and published as {@code workspace.activity} events.</li>
 *   <li>No access control here: callers decide who may do what (the controllers apply
 *       {@link dev.gathering.platform.security.Access} to {@link #folder}'s owner; agents' tools their permissions).</li>
 *   <li>Writes and git changes of one project are serialized; reads run in parallel.</li>
 * </ul>
 */
@Service
public class WorkspaceService {

    private static final int STRIPES = 64;

    private final ProjectDirectory projects;
    private final WorkspaceFiles files;
    private final WorkspaceSearch search;
    private final WorkspaceGit git;
    private final GitRemotes remotes;
    private final ProjectInspector inspector;
    private final FolderBrowser browser;
    private final FolderPolicy folders;
    private final ActivityRepository activities;
    private final EventBus events;
    private final WorkspaceProperties properties;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    WorkspaceService(ProjectDirectory projects, WorkspaceFiles files, WorkspaceSearch search, WorkspaceGit git,
                     GitRemotes remotes, ProjectInspector inspector, FolderBrowser browser, FolderPolicy folders,
                     ActivityRepository activities, EventBus events, WorkspaceProperties properties) {
        this.projects = projects;
        this.files = files;
        this.search = search;
        this.git = git;
        this.remotes = remotes;
        this.inspector = inspector;
        this.browser = browser;
        this.folders = folders;
        this.activities = activities;
        this.events = events;
        this.properties = properties;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    // --- projects' folders

    /** The project's folder and owner; 404 when there is no such project. */
    public ProjectFolder folder(long projectId) {
        return projects.find(projectId).orElseThrow(() -> ApiException.notFound("Project " + projectId + " not found"));
    }

    /** The checked absolute path of {@code path} inside the project (it need not exist). */
    public Path resolve(long projectId, String path) {
        return PathGuard.resolve(folder(projectId).path(), path);
    }

    /** {@code path} made relative to the project folder after the checks ("" for the folder itself). */
    public String relativePath(long projectId, String path) {
        ProjectFolder folder = folder(projectId);
        return PathGuard.relative(folder.path(), PathGuard.resolve(folder.path(), path));
    }

    // --- files

    /** The file tree, honouring .gitignore, {@code maxDepth} levels deep, with git status per file when asked. */
    public FileViews.Tree tree(long projectId, int maxDepth, boolean withGitStatus) {
        ProjectFolder folder = folder(projectId);
        return files.tree(folder, maxDepth, withGitStatus ? git.fileStatuses(folder) : null);
    }

    /** One folder's entries ("" for the project folder). */
    public FileViews.Listing list(long projectId, String directory) {
        return files.list(folder(projectId), directory);
    }

    /** A text file; 400 for a binary one, 404 when missing, 413 past the read limit. */
    public FileViews.FileContent read(long projectId, String path) {
        return files.read(folder(projectId), path);
    }

    public FileViews.RawFile readRaw(long projectId, String path) {
        return files.raw(folder(projectId), path);
    }

    /** The lines holding a literal text in the text files under {@code directory} ("" for all), at most {@code limit}. */
    public FileViews.Search search(long projectId, String query, String directory, boolean caseSensitive, int limit) {
        return search.search(folder(projectId), query, directory, caseSensitive, limit);
    }

    /** Writes (creating folders as needed) atomically; the previous content goes to {@code <name>.bak} when asked. */
    public FileViews.WriteResult write(long projectId, String path, String content, boolean backup, Actor actor) {
        ProjectFolder folder = folder(projectId);
        FileViews.WriteResult result = locked(projectId, () -> files.write(folder, path, content, backup));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", result.path());
        details.put("size", result.size());
        recordActivity(projectId, result.created() ? "file_created" : "file_edited", details, actor);
        return result;
    }

    public FileViews.DeleteResult delete(long projectId, String path, Actor actor) {
        ProjectFolder folder = folder(projectId);
        FileViews.DeleteResult result = locked(projectId, () -> files.delete(folder, path));
        recordActivity(projectId, "file_deleted", Map.of("path", result.path()), actor);
        return result;
    }

    // --- git

    public GitViews.Status gitStatus(long projectId) {
        return git.status(folder(projectId));
    }

    /** Commits newest first, at most {@code limit}, optionally of a branch, by an author (name or e-mail part), of a path. */
    public List<GitViews.Commit> gitLog(long projectId, int limit, String branch, String author, String path) {
        ProjectFolder folder = folder(projectId);
        String relative = path == null || path.isBlank() ? null : PathGuard.relative(folder.path(), PathGuard.resolve(folder.path(), path));
        return git.commits(folder, limit, branch, author, relative);
    }

    /** The working tree against HEAD ({@code commit} null), or one commit against its first parent; one file if given. */
    public GitViews.Diff gitDiff(long projectId, String commit, String filePath) {
        ProjectFolder folder = folder(projectId);
        String relative = filePath == null || filePath.isBlank() ? null
                : PathGuard.relative(folder.path(), PathGuard.resolve(folder.path(), filePath));
        return git.diff(folder, commit, relative);
    }

    public GitViews.Branches gitBranches(long projectId) {
        return git.branches(folder(projectId));
    }

    public GitViews.FileHistory gitFileHistory(long projectId, String filePath, int limit) {
        ProjectFolder folder = folder(projectId);
        if (filePath == null || filePath.isBlank()) {
            throw ApiException.unprocessable("file_path is required");
        }
        String relative = PathGuard.relative(folder.path(), PathGuard.resolve(folder.path(), filePath));
        return new GitViews.FileHistory(relative, git.commits(folder, limit, null, null, relative));
    }

    /** Stages paths (a deleted file stages its removal; "" or "." stages everything). */
    public GitViews.StageResult gitStage(long projectId, List<String> paths) {
        ProjectFolder folder = folder(projectId);
        List<String> checked = checkedPaths(folder, paths);
        return locked(projectId, () -> git.stage(folder, checked));
    }

    public GitViews.UnstageResult gitUnstage(long projectId, List<String> paths) {
        ProjectFolder folder = folder(projectId);
        List<String> checked = checkedPaths(folder, paths);
        return locked(projectId, () -> git.unstage(folder, checked));
    }

    /** Commits what is staged (409 when nothing is), without running the repository's hooks. */
    public GitViews.CommitResult gitCommit(long projectId, String message, GitViews.Author author, Actor actor) {
        if (message == null || message.isBlank()) {
            throw ApiException.unprocessable("message is required");
        }
        ProjectFolder folder = folder(projectId);
        GitViews.CommitResult result = locked(projectId, () -> git.commit(folder, message.strip(), author));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("hash", result.commit().hash());
        details.put("short_hash", result.commit().shortHash());
        details.put("message", result.commit().subject());
        details.put("author", author.name());
        recordActivity(projectId, "commit", details, actor);
        return result;
    }

    public GitViews.PushResult gitPush(long projectId, String remote, String branch, boolean setUpstream, Actor actor) {
        ProjectFolder folder = folder(projectId);
        var credentials = projects.credentials(projectId).orElse(null);
        GitViews.PushResult result = locked(projectId, () -> remotes.push(folder, remote, branch, setUpstream, credentials));
        recordActivity(projectId, "push", Map.of("remote", result.remote(), "branch", result.branch()), actor);
        return result;
    }

    public GitViews.PullResult gitPull(long projectId, String remote, String branch, Actor actor) {
        ProjectFolder folder = folder(projectId);
        var credentials = projects.credentials(projectId).orElse(null);
        GitViews.PullResult result = locked(projectId, () -> remotes.pull(folder, remote, branch, credentials));
        recordActivity(projectId, "pull", Map.of("remote", result.remote(), "branch", String.valueOf(result.branch()),
                "merge_status", result.mergeStatus()), actor);
        return result;
    }

    public GitViews.Graph gitGraph(long projectId, int limit, boolean allBranches) {
        return git.graph(folder(projectId), limit, allBranches);
    }

    // --- activity feed

    /** Records and publishes ({@code workspace.activity}) an activity; 422 for an unknown type or agent. */
    public Activity recordActivity(long projectId, String type, Map<String, Object> details, Actor actor) {
        if (type == null || !Activity.TYPES.contains(type)) {
            throw ApiException.unprocessable("activity_type must be one of " + Activity.TYPES.stream().sorted().toList());
        }
        Actor who = actor == null ? new Actor(null, null) : actor;
        Activity activity;
        try {
            activity = activities.insert(projectId, who.agentId(), who.userId(), type, details == null ? Map.of() : details);
        } catch (DataIntegrityViolationException e) {
            String message = String.valueOf(e.getMostSpecificCause().getMessage());
            throw message.contains("agent") ? ApiException.unprocessable("Agent " + who.agentId() + " does not exist")
                    : ApiException.notFound("Project " + projectId + " not found");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activity_id", activity.id());
        data.put("project_id", projectId);
        data.put("activity_type", type);
        data.put("agent_id", activity.agentId());
        data.put("user_id", activity.userId());
        data.put("details", activity.details());
        events.publish(Event.of("workspace.activity", data).project(projectId).sourceAgent(activity.agentId()));
        return activity;
    }

    public Activity.Page activities(long projectId, Long agentId, String type, int limit, int offset) {
        folder(projectId);
        return new Activity.Page(projectId, activities.page(projectId, agentId, type, limit, offset),
                activities.count(projectId, agentId, type), limit, offset);
    }

    public Activity.Stats activityStats(long projectId) {
        folder(projectId);
        return activities.stats(projectId);
    }

    // --- what the projects feature needs

    /** What a folder holds (languages, tools, commands, git…), for registration and refresh. */
    public Inspection inspect(Path folder) {
        return inspector.inspect(folder);
    }

    /** A server folder's entries; {@code workspaceOnly} limits browsing to the workspace root (for non-admins). */
    public FileViews.Browse browse(String path, boolean showHidden, boolean workspaceOnly) {
        return browser.browse(path, showHidden, workspaceOnly);
    }

    /** Where clones go; the one place non-admins may register folders. */
    public Path workspaceRoot() {
        return folders.workspaceRoot();
    }

    /** The real path of a folder that may be registered as a project (403 with the reason otherwise). */
    public Path registrableFolder(String path) {
        return folders.registrable(path);
    }

    /** {@code https://user:token@host/x.git} → {@code https://host/x.git}: what may be stored or shown. */
    public static String withoutCredentials(String url) {
        return ProjectInspector.withoutCredentials(url);
    }

    /** Refuses a repository URL the server must not reach. */
    public void checkRemoteUrl(String url) {
        remotes.checkUrl(url);
    }

    /** Where a clone named {@code name} goes in the workspace root: 409 when that folder exists. */
    public Path cloneTarget(String name) {
        String slug = name.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[.-]+|-+$", "");
        if (slug.isEmpty()) {
            slug = "project";
        }
        Path target = folders.workspaceRoot().resolve(slug);
        if (java.nio.file.Files.exists(target)) {
            throw ApiException.conflict("The folder " + target + " already exists; choose another name or register it with path");
        }
        return target;
    }

    /** Clones into {@code target}; a failure leaves no folder behind. Progress is reported to {@code progress}. */
    public void cloneInto(String url, String branch, Path target, ProjectDirectory.GitCredentials credentials,
                          Consumer<CloneProgress> progress) {
        remotes.cloneInto(url, branch, target, credentials,
                step -> progress.accept(new CloneProgress(step.task(), step.percent())));
    }

    /** Removes a clone that could not be registered. Only folders inside the workspace root are removed. */
    public void discardClone(Path target) {
        if (target.toAbsolutePath().normalize().startsWith(folders.workspaceRoot())) {
            GitRemotes.deleteRecursively(target);
        }
    }

    /** One step of a clone: the task JGit reports and its percentage (-1 when unknown). */
    public record CloneProgress(String task, int percent) {
    }

    public FileViews.Info info(long projectId) {
        ProjectFolder folder = folder(projectId);
        return WorkspaceKinds.info(folder, WorkspaceGit.isRepository(folder), properties.exec());
    }

    private List<String> checkedPaths(ProjectFolder folder, List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            throw ApiException.unprocessable("Send a JSON array of file paths");
        }
        return paths.stream().map(path -> path == null || path.isBlank() || path.strip().equals(".") ? ""
                : PathGuard.relative(folder.path(), PathGuard.resolve(folder.path(), path))).distinct().toList();
    }

    private <T> T locked(long projectId, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(Long.hashCode(projectId), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
