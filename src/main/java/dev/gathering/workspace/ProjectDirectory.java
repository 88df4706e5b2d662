package dev.gathering.workspace;

import java.util.Optional;

/**
 * What the workspace asks of the projects feature (which implements it): where a project's folder is, and the git
 * credentials saved for it. The workspace owns this port so that it depends on no other feature.
 */
public interface ProjectDirectory {

    /** The project's folder, or empty when there is no such project. */
    Optional<ProjectFolder> find(long projectId);

    /** The credentials saved for pushing and pulling, if any (the token unsealed). */
    Optional<GitCredentials> credentials(long projectId);

    /** A user name and a token (or password) for a git remote over HTTP(S). */
    record GitCredentials(String username, String token) {
    }
}
