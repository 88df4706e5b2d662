package dev.gathering.project;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.gathering.agent.AgentProjectContext;
import org.springframework.stereotype.Component;

/**
 * A project as prompt text ({@code GET /projects/{id}/context}), and the agents' "## Project Context": the projects
 * of the circles an agent is an active member of (at most {@link #AGENT_PROJECTS}), from what was detected and saved,
 * without touching the disk.
 */
@Component
class ProjectContexts implements AgentProjectContext {

    static final int AGENT_PROJECTS = 3;
    static final int MAX_CHARS = 4000;

    private final ProjectRepository projects;

    ProjectContexts(ProjectRepository projects) {
        this.projects = projects;
    }

    @Override
    public Optional<String> forAgent(long agentId) {
        List<Project> found = projects.forAgent(agentId, AGENT_PROJECTS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(found.stream().map(ProjectContexts::prompt).collect(Collectors.joining("\n\n")));
    }

    /** The project described for a model: what it is, where, in what, how to build and test it, its conventions. */
    static String prompt(Project project) {
        StringBuilder text = new StringBuilder("Project: ").append(project.title());
        if (!project.title().equals(project.name())) {
            text.append(" (").append(project.name()).append(')');
        }
        line(text, "Folder", project.path());
        line(text, "Description", project.description());
        if (project.repositoryUrl() != null) {
            line(text, "Repository", project.repositoryUrl() + (project.branch() == null ? "" : " (branch " + project.branch() + ")"));
        } else {
            line(text, "Branch", project.branch());
        }
        list(text, "Languages", project.languages());
        list(text, "Tech stack", project.techStack());
        list(text, "Frameworks", project.frameworks());
        if (project.pythonVersion() != null || project.venvPath() != null) {
            line(text, "Python", (project.pythonVersion() == null ? "" : project.pythonVersion())
                    + (project.venvPath() == null ? "" : " (virtual environment " + project.venvPath() + ")"));
        }
        map(text, "Tools", project.tools(), false);
        map(text, "Commands", project.commands(), true);
        map(text, "Conventions", project.conventions(), false);
        map(text, "Key files", project.keyFiles(), false);
        if (!project.notes().isEmpty()) {
            text.append("\nNotes:");
            project.notes().forEach(note -> text.append("\n- ").append(note));
        }
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text.toString();
    }

    /** The same facts as data, for {@code raw}. */
    static Map<String, Object> raw(Project project) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("name", project.name());
        raw.put("display_name", project.displayName());
        raw.put("path", project.path());
        raw.put("description", project.description());
        raw.put("repository_url", project.repositoryUrl());
        raw.put("branch", project.branch());
        raw.put("languages", project.languages());
        raw.put("tech_stack", project.techStack());
        raw.put("frameworks", project.frameworks());
        raw.put("venv_path", project.venvPath());
        raw.put("python_version", project.pythonVersion());
        raw.put("tools", project.tools());
        raw.put("commands", project.commands());
        raw.put("conventions", project.conventions());
        raw.put("key_files", project.keyFiles());
        raw.put("notes", project.notes());
        return raw;
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append('\n').append(label).append(": ").append(value.strip());
        }
    }

    private static void list(StringBuilder text, String label, List<String> values) {
        if (!values.isEmpty()) {
            line(text, label, String.join(", ", values));
        }
    }

    private static void map(StringBuilder text, String label, Map<String, Object> values, boolean asList) {
        if (values == null || values.isEmpty()) {
            return;
        }
        if (asList) {
            text.append('\n').append(label).append(':');
            values.forEach((key, value) -> text.append("\n- ").append(key).append(": ").append(value));
        } else {
            line(text, label, values.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
    }
}
