package dev.gathering.circle;

import java.time.OffsetDateTime;
import java.util.List;

/** A task of a circle with the names of the agents it involves. Status: see {@link TaskStatus}. */
public record CircleTask(long id, long circleId, String title, String description, List<String> requiredCompetencies,
                         int priority, String status, Long offeredAgentId, String offeredAgentName, Double offerScore,
                         Long assignedAgentId, String assignedAgentName, Long reviewerId, String reviewerName,
                         String executor, String result, List<String> filesModified, int iteration,
                         String reviewComments, int reviewAttempts, String failureReason, OffsetDateTime createdAt,
                         OffsetDateTime startedAt, OffsetDateTime submittedAt, OffsetDateTime completedAt) {
}
