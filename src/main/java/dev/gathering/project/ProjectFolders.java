package dev.gathering.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.gathering.platform.security.SecretBox;
import dev.gathering.workspace.ProjectDirectory;
import dev.gathering.workspace.ProjectFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The workspace's view of projects: their folders and saved git credentials. */
@Component
class ProjectFolders implements ProjectDirectory {

    private static final Logger log = LoggerFactory.getLogger(ProjectFolders.class);

    private final ProjectRepository projects;
    private final SecretBox secrets;

    ProjectFolders(ProjectRepository projects, SecretBox secrets) {
        this.projects = projects;
        this.secrets = secrets;
    }

    @Override
    public Optional<ProjectFolder> find(long projectId) {
        return projects.folder(projectId).map(ProjectFolders::folder);
    }

    @Override
    public List<ProjectFolder> ofAgent(long agentId, int limit) {
        return projects.foldersOfAgent(agentId, limit).stream().map(ProjectFolders::folder).toList();
    }

    private static ProjectFolder folder(ProjectRepository.Folder folder) {
        return new ProjectFolder(folder.id(), folder.name(), Path.of(folder.path()), folder.ownerId(), folder.venvPath());
    }

    @Override
    public Optional<GitCredentials> credentials(long projectId) {
        return projects.credentials(projectId).flatMap(row -> {
            try {
                return Optional.of(new GitCredentials(row[0], secrets.open(row[1])));
            } catch (IllegalArgumentException e) {
                log.warn("The git token of project {} cannot be decrypted (was GATHERING_SECRET_KEY changed?); "
                        + "going on without it", projectId);
                return Optional.empty();
            }
        });
    }
}
