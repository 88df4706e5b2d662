package dev.gathering.project;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code project.projects} and {@code project.circle_projects}. Every read is one statement. A circle counts as linked
 * to a project through a link row or through its own {@code project_id} (set when it was created).
 */
@Repository
class ProjectRepository {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    /** Links of active circles: rows of circle_projects, and circles created with a project_id (primary). */
    static final String LINKS = """
            (SELECT cp.project_id, cp.circle_id, c.name AS circle_name, (cp.is_primary OR coalesce(c.project_id = cp.project_id, false)) AS is_primary,
                    cp.linked_at
             FROM project.circle_projects cp JOIN circle.circles c ON c.id = cp.circle_id AND c.is_active
             UNION ALL
             SELECT c.project_id, c.id, c.name, true, c.created_at FROM circle.circles c
             WHERE c.is_active AND c.project_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM project.circle_projects cp WHERE cp.circle_id = c.id AND cp.project_id = c.project_id))""";

    private static final String COLUMNS = """
            p.id, p.name, p.display_name, p.local_path, p.description, p.repository_url, p.branch, p.status, p.tech_stack,
            p.languages, p.frameworks, p.venv_path, p.python_version, p.tools, p.conventions, p.key_files, p.commands,
            p.notes, p.git_username, p.git_token IS NOT NULL AS git_token_set, p.owner_id, p.detected_at, p.created_at,
            p.updated_at""";

    private static final String SELECT = "SELECT " + COLUMNS
            + ", (SELECT count(*) FROM " + LINKS + " l WHERE l.project_id = p.id) AS circle_count FROM project.projects p ";

    /** Values detected on disk, as written by registration and refresh. */
    record Detected(String branch, String repositoryUrl, List<String> techStack, List<String> languages,
                    List<String> frameworks, String venvPath, String pythonVersion, Map<String, ?> tools,
                    Map<String, ?> conventions, Map<String, ?> keyFiles, Map<String, ?> commands) {
    }

    record NewProject(String name, String displayName, String path, String description, String repositoryUrl,
                      String branch, String gitUsername, String sealedToken, String ownerId) {
    }

    /** A partial update: null leaves a column as it is; {@code clearToken} removes the saved token. */
    record Changes(String name, String displayName, String description, String status, String venvPath,
                   String pythonVersion, Map<String, Object> tools, Map<String, Object> conventions,
                   Map<String, Object> keyFiles, Map<String, Object> commands, List<String> notes, String gitUsername,
                   String sealedToken, boolean clearToken) {
    }

    record Link(long circleId, String circleName, boolean isPrimary, OffsetDateTime linkedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ProjectRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The new project's id; empty when another project has that folder. */
    Optional<Long> insert(NewProject project) {
        return jdbc.sql("""
                INSERT INTO project.projects (name, display_name, local_path, description, repository_url, branch,
                                              git_username, git_token, owner_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (local_path) DO NOTHING RETURNING id""")
                .params(project.name(), project.displayName(), project.path(), project.description(),
                        project.repositoryUrl(), project.branch(), project.gitUsername(), project.sealedToken(),
                        project.ownerId())
                .query(Long.class).optional();
    }

    void applyDetection(long id, Detected detected) {
        jdbc.sql("""
                UPDATE project.projects SET branch = coalesce(:branch, branch),
                    repository_url = coalesce(repository_url, :url), tech_stack = :tech, languages = :languages,
                    frameworks = :frameworks, venv_path = coalesce(:venv, venv_path),
                    python_version = coalesce(:python, python_version),
                    tools = tools || CAST(:tools AS jsonb), conventions = conventions || CAST(:conventions AS jsonb),
                    key_files = CAST(:keys AS jsonb), commands = commands || CAST(:commands AS jsonb), detected_at = now()
                WHERE id = :id""")
                .param("branch", detected.branch()).param("url", detected.repositoryUrl())
                .param("tech", Rows.array(detected.techStack())).param("languages", Rows.array(detected.languages()))
                .param("frameworks", Rows.array(detected.frameworks())).param("venv", detected.venvPath())
                .param("python", detected.pythonVersion()).param("tools", json.writeValueAsString(detected.tools()))
                .param("conventions", json.writeValueAsString(detected.conventions()))
                .param("keys", json.writeValueAsString(detected.keyFiles()))
                .param("commands", json.writeValueAsString(detected.commands())).param("id", id).update();
    }

    boolean update(long id, Changes changes) {
        return jdbc.sql("""
                UPDATE project.projects SET name = coalesce(:name, name), display_name = coalesce(:display, display_name),
                    description = coalesce(:description, description), status = coalesce(:status, status),
                    venv_path = coalesce(:venv, venv_path), python_version = coalesce(:python, python_version),
                    tools = coalesce(CAST(:tools AS jsonb), tools), conventions = coalesce(CAST(:conventions AS jsonb), conventions),
                    key_files = coalesce(CAST(:keys AS jsonb), key_files), commands = coalesce(CAST(:commands AS jsonb), commands),
                    notes = coalesce(CAST(:notes AS text[]), notes), git_username = coalesce(:user, git_username),
                    git_token = CASE WHEN :clear THEN NULL ELSE coalesce(:token, git_token) END
                WHERE id = :id""")
                .param("name", changes.name()).param("display", changes.displayName())
                .param("description", changes.description()).param("status", changes.status())
                .param("venv", changes.venvPath()).param("python", changes.pythonVersion())
                .param("tools", jsonOrNull(changes.tools())).param("conventions", jsonOrNull(changes.conventions()))
                .param("keys", jsonOrNull(changes.keyFiles())).param("commands", jsonOrNull(changes.commands()))
                .param("notes", changes.notes() == null ? null : Rows.array(changes.notes()))
                .param("user", changes.gitUsername()).param("token", changes.sealedToken())
                .param("clear", changes.clearToken()).param("id", id).update() > 0;
    }

    boolean delete(long id) {
        return jdbc.sql("DELETE FROM project.projects WHERE id = ?").param(id).update() > 0;
    }

    Optional<Project> find(long id) {
        return jdbc.sql(SELECT + "WHERE p.id = ?").param(id).query(this::project).optional();
    }

    List<Project> list(String status, int limit, int offset) {
        return jdbc.sql(SELECT + "WHERE (CAST(? AS text) IS NULL OR p.status = ?) ORDER BY p.id LIMIT ? OFFSET ?")
                .params(status, status, limit, offset).query(this::project).list();
    }

    long count(String status) {
        return jdbc.sql("SELECT count(*) FROM project.projects WHERE (CAST(? AS text) IS NULL OR status = ?)")
                .params(status, status).query(Long.class).single();
    }

    /** The folder, owner and venv of a project: what the workspace needs, one narrow query. */
    Optional<Folder> folder(long id) {
        return jdbc.sql("SELECT id, name, local_path, owner_id, venv_path FROM project.projects WHERE id = ?").param(id)
                .query((rows, row) -> new Folder(rows.getLong("id"), rows.getString("name"), rows.getString("local_path"),
                        rows.getString("owner_id"), rows.getString("venv_path")))
                .optional();
    }

    record Folder(long id, String name, String path, String ownerId, String venvPath) {
    }

    /**
     * The folders of the projects (not archived) linked to the active circles an agent is an active member of: those
     * some circle has as primary first, then by the earliest link; at most {@code limit}. One statement.
     */
    List<Folder> foldersOfAgent(long agentId, int limit) {
        return jdbc.sql("""
                SELECT p.id, p.name, p.local_path, p.owner_id, p.venv_path
                FROM circle.members m JOIN """ + LINKS + """
                 l ON l.circle_id = m.circle_id JOIN project.projects p ON p.id = l.project_id
                WHERE m.agent_id = ? AND m.is_active AND p.status <> 'archived'
                GROUP BY p.id, p.name, p.local_path, p.owner_id, p.venv_path
                ORDER BY bool_or(l.is_primary) DESC, min(l.linked_at), p.id LIMIT ?""")
                .params(agentId, limit)
                .query((rows, row) -> new Folder(rows.getLong("id"), rows.getString("name"), rows.getString("local_path"),
                        rows.getString("owner_id"), rows.getString("venv_path")))
                .list();
    }

    Optional<String[]> credentials(long id) {
        return jdbc.sql("SELECT git_username, git_token FROM project.projects WHERE id = ? AND git_token IS NOT NULL")
                .param(id).query((rows, row) -> new String[] {rows.getString("git_username"), rows.getString("git_token")})
                .optional();
    }

    // --- circles

    /** True when the link is new; an existing one gets the new primary flag. */
    boolean link(long projectId, long circleId, boolean primary) {
        Boolean inserted = jdbc.sql("""
                INSERT INTO project.circle_projects (project_id, circle_id, is_primary) VALUES (?, ?, ?)
                ON CONFLICT (project_id, circle_id) DO UPDATE SET is_primary = excluded.is_primary OR circle_projects.is_primary
                RETURNING (xmax = 0)""").params(projectId, circleId, primary).query(Boolean.class).single();
        if (primary) {
            jdbc.sql("UPDATE project.circle_projects SET is_primary = false WHERE circle_id = ? AND project_id <> ?")
                    .params(circleId, projectId).update();
        }
        return inserted;
    }

    boolean unlink(long projectId, long circleId) {
        return jdbc.sql("DELETE FROM project.circle_projects WHERE project_id = ? AND circle_id = ?")
                .params(projectId, circleId).update() > 0;
    }

    List<Link> links(long projectId) {
        return jdbc.sql("SELECT circle_id, circle_name, is_primary, linked_at FROM " + LINKS
                        + " l WHERE l.project_id = ? ORDER BY is_primary DESC, linked_at, circle_id")
                .param(projectId)
                .query((rows, row) -> new Link(rows.getLong("circle_id"), rows.getString("circle_name"),
                        rows.getBoolean("is_primary"), Rows.timestamp(rows, "linked_at")))
                .list();
    }

    /** The projects (not archived) of the active circles an agent is an active member of, at most {@code limit}. */
    List<Project> forAgent(long agentId, int limit) {
        return jdbc.sql(SELECT + """
                WHERE p.status <> 'archived' AND p.id IN (
                    SELECT l.project_id FROM circle.members m JOIN """ + LINKS + """
                     l ON l.circle_id = m.circle_id WHERE m.agent_id = ? AND m.is_active)
                ORDER BY p.id LIMIT ?""").params(agentId, limit).query(this::project).list();
    }

    private String jsonOrNull(Map<String, Object> value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private Project project(ResultSet rows, int row) throws SQLException {
        return new Project(rows.getLong("id"), rows.getString("name"), rows.getString("display_name"),
                rows.getString("local_path"), rows.getString("description"), rows.getString("repository_url"),
                rows.getString("branch"), rows.getString("status"), Rows.strings(rows, "tech_stack"),
                Rows.strings(rows, "languages"), Rows.strings(rows, "frameworks"), rows.getString("venv_path"),
                rows.getString("python_version"), json.readValue(rows.getString("tools"), OBJECT),
                json.readValue(rows.getString("conventions"), OBJECT), json.readValue(rows.getString("key_files"), OBJECT),
                json.readValue(rows.getString("commands"), OBJECT), Rows.strings(rows, "notes"),
                rows.getInt("circle_count"), rows.getString("git_username"), rows.getBoolean("git_token_set"),
                rows.getString("owner_id"), Rows.timestamp(rows, "detected_at"), Rows.timestamp(rows, "created_at"),
                Rows.timestamp(rows, "updated_at"));
    }
}
