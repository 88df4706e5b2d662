package dev.gathering.circle;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A circle member: the agent (with its provider and model) and its record in this circle.
 * {@code currentWorkload} is the number of its tasks in progress in the circle.
 */
public record Member(long agentId, String name, String role, String provider, String model, boolean agentBusy,
                     List<String> competencies, List<String> canReview, boolean isActive, OffsetDateTime joinedAt,
                     int tasksCompleted, int tasksFailed, int reviewsReceived, int approvals, double qualityScoreSum,
                     int qualityScores, int reviewsDone, int currentWorkload) {

    /** Approvals over reviews received; 1.0 before any review. */
    public double approvalRate() {
        return reviewsReceived == 0 ? 1.0 : (double) approvals / reviewsReceived;
    }

    /** Mean review score (0–100); null before any scored review. */
    public Double averageQualityScore() {
        return qualityScores == 0 ? null : qualityScoreSum / qualityScores;
    }
}
