package dev.gathering.project;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A project as stored and served (upstream's fields; {@code path} is the {@code local_path} column). The git token
 * is never part of it: {@code git_token_set} says whether one is saved.
 */
public record Project(long id, String name, String displayName, String path, String description, String repositoryUrl,
                      String branch, String status, List<String> techStack, List<String> languages,
                      List<String> frameworks, String venvPath, String pythonVersion, Map<String, Object> tools,
                      Map<String, Object> conventions, Map<String, Object> keyFiles, Map<String, Object> commands,
                      List<String> notes, int circleCount, String gitUsername, boolean gitTokenSet, String ownerId,
                      OffsetDateTime detectedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static final java.util.Set<String> STATUSES = java.util.Set.of("active", "paused", "archived");

    /** The name people see: the display name when there is one. */
    public String title() {
        return displayName == null || displayName.isBlank() ? name : displayName;
    }
}
