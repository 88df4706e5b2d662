package dev.gathering.skill;

/**
 * What skills ask of the workspace feature (which implements it): a file of a project, read for a tool call with the
 * workspace's path rules. The project is the one the call names, or else the one of the calling agent's circle.
 * Refusals (a path outside the project, no project, no such file) are {@link ToolFailure}s or the workspace's own
 * errors, whose messages the model reads.
 */
public interface ProjectFiles {

    /** The bytes of {@code path} in project {@code projectId} (null: the calling agent's project). */
    ProjectFile read(ToolContext context, Long projectId, String path);

    /** A file read from a project: which project, its path relative to the project folder, its bytes. */
    record ProjectFile(long projectId, String path, byte[] bytes) {
    }
}
