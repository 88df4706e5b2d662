package dev.gathering.workspace;

import java.nio.file.Path;

/**
 * A project as the workspace sees it: its folder and who owns it.
 *
 * @param id        the project id
 * @param name      its name
 * @param path      its folder (absolute)
 * @param ownerId   {@code owner_id}, for {@link dev.gathering.platform.security.Access}
 * @param venvPath  its Python virtual environment, if one was detected or set
 */
public record ProjectFolder(long id, String name, Path path, String ownerId, String venvPath) {
}
