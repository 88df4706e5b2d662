package dev.gathering.workspace;

import java.util.List;
import java.util.Optional;

/**
 * What the workspace asks of the projects feature (which implements it): where a project's folder is, and the git
 * credentials saved for it. The workspace owns this port so that it depends on no other feature.
 */
public interface ProjectDirectory {

    /** The project's folder, or empty when there is no such project. */
    Optional<ProjectFolder> find(long projectId);

    /**
     * The projects an agent works on: those (not archived) linked to the active circles it is an active member of,
     * the ones a circle has as its primary project first; at most {@code limit}.
     */
    List<ProjectFolder> ofAgent(long agentId, int limit);

    /** The credentials saved for pushing and pulling, if any (the token unsealed). */
    Optional<GitCredentials> credentials(long projectId);

    /** A user name and a token (or password) for a git remote over HTTP(S). */
    record GitCredentials(String username, String token) {
    }
}
