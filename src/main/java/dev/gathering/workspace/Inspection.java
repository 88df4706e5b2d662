package dev.gathering.workspace;

import java.util.List;
import java.util.Map;

/**
 * What {@link WorkspaceService#inspect} found in a folder.
 *
 * @param gitRepository whether the folder is the top of a git repository
 * @param branch        its current branch
 * @param remoteUrl     the URL of its {@code origin} remote, credentials removed
 * @param languages     programming languages by number of files, most first
 * @param techStack     languages, frameworks and build tools, as a person would list them
 * @param frameworks    frameworks found in the build files (spring-boot, react, django, …)
 * @param tools         build and packaging tools, each with the file that revealed it
 * @param commands      commands to build, test, run… ({@code build → mvn package}, {@code test → npm test})
 * @param keyFiles      README, licence, CI, changelog, Dockerfile… by kind
 * @param conventions   formatters, linters and indentation found in configuration files
 * @param venvPath      a Python virtual environment inside the folder
 * @param pythonVersion its Python version (pyvenv.cfg or .python-version)
 * @param fileCount     files looked at (at most {@link ProjectInspector#MAX_FILES})
 */
public record Inspection(boolean gitRepository, String branch, String remoteUrl, List<String> languages,
                         List<String> techStack, List<String> frameworks, Map<String, String> tools,
                         Map<String, String> commands, Map<String, String> keyFiles, Map<String, String> conventions,
                         String venvPath, String pythonVersion, int fileCount) {
}
