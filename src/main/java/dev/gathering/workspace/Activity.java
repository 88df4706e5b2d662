package dev.gathering.workspace;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a project's activity feed.
 *
 * @param activityType one of {@link #TYPES}
 * @param details      free JSON: for file activities {@code path}, for commits {@code hash} and {@code message}, …
 * @param timestamp    when it happened
 */
public record Activity(long id, long projectId, Long agentId, String userId, String activityType,
                       Map<String, Object> details, OffsetDateTime timestamp) {

    /** Upstream's types, plus push and pull. */
    public static final Set<String> TYPES = Set.of("file_created", "file_edited", "file_deleted", "commit", "test_run",
            "build", "discussion", "command_executed", "push", "pull");

    /** A page of the feed, newest first. */
    public record Page(long projectId, List<Activity> activities, long total, int limit, int offset) {
    }

    public record Stats(long projectId, long totalActivities, long last24h, OffsetDateTime lastActivityAt,
                        Map<String, Long> byType, Map<String, Long> byAgent, Map<String, Long> byUser) {
    }
}
