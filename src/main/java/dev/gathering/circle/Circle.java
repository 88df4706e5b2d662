package dev.gathering.circle;

import java.time.OffsetDateTime;

/** A circle with its counts, as one row of {@link CircleRepository}'s circle query. */
public record Circle(long id, String name, String status, boolean requireReview, boolean autoRoute,
                     int maxConcurrentTasks, Long projectId, OffsetDateTime createdAt, OffsetDateTime startedAt,
                     OffsetDateTime stoppedAt, long agentCount, long taskCount, long pendingTasks, long activeTasks,
                     long reviewTasks, long completedTasks, long failedTasks, long blockedTasks, long conflicts,
                     String ownerId) {

    public boolean running() {
        return status.equals("running");
    }
}
