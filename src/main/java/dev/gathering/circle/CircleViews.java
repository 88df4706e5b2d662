package dev.gathering.circle;

import java.time.OffsetDateTime;
import java.util.List;

/** The JSON shapes of circles and tasks (upstream's, with what the persisted model adds). */
final class CircleViews {

    private CircleViews() {
    }

    /** {@code id} is the name, as upstream clients expect; {@code circle_id} is the number. */
    record Summary(String id, long circleId, String name, String status, long agentCount, long taskCount,
                   long activeTasks, boolean requireReview, boolean autoRoute, int maxConcurrentTasks,
                   OffsetDateTime createdAt, OffsetDateTime startedAt, Long projectId, String ownerId) {
    }

    record MemberView(long id, String name, String role, String provider, String model, String status,
                      List<String> competencies, List<String> canReview, OffsetDateTime joinedAt, int tasksCompleted,
                      int tasksFailed, int currentWorkload, double approvalRate, Double averageQualityScore) {
    }

    record Detail(String id, long circleId, String name, String status, long agentCount, long taskCount,
                  long activeTasks, boolean requireReview, boolean autoRoute, int maxConcurrentTasks,
                  OffsetDateTime createdAt, OffsetDateTime startedAt, Long projectId, List<MemberView> agents,
                  long pendingTasks, long reviewTasks, long completedTasks, long failedTasks, long blockedTasks,
                  long conflicts, String ownerId) {
    }

    record CircleList(List<Summary> circles, long total, int limit, int offset) {
    }

    record TaskView(long id, long circleId, String title, String description, String status, int priority,
                    List<String> requiredCompetencies, Long offeredAgentId, String offeredAgentName,
                    Long assignedAgentId, String assignedAgentName, Long reviewerId, String reviewerName,
                    String executor, int iteration, String result, List<String> filesModified, String reviewComments,
                    String failureReason, OffsetDateTime createdAt, OffsetDateTime startedAt,
                    OffsetDateTime submittedAt, OffsetDateTime completedAt) {
    }

    record TaskList(List<TaskView> tasks, long total, int limit, int offset) {
    }

    record AgentMetrics(long agentId, String agentName, int tasksCompleted, int tasksFailed, int currentWorkload,
                        double approvalRate, Double averageQualityScore, int reviewsDone) {
    }

    record Metrics(String circle, List<AgentMetrics> agents, long totalTasks, long pendingTasks, long activeTasks,
                   long reviewTasks, long completedTasks, long failedTasks, long blockedTasks) {
    }

    record ConflictList(List<Conflict> conflicts, int total) {
    }

    static Summary summary(Circle circle) {
        return new Summary(circle.name(), circle.id(), circle.name(), circle.status(), circle.agentCount(),
                circle.taskCount(), circle.activeTasks(), circle.requireReview(), circle.autoRoute(),
                circle.maxConcurrentTasks(), circle.createdAt(), circle.startedAt(), circle.projectId(), circle.ownerId());
    }

    static Detail detail(Circle circle, List<Member> members) {
        List<MemberView> agents = members.stream().filter(Member::isActive).map(CircleViews::member).toList();
        return new Detail(circle.name(), circle.id(), circle.name(), circle.status(), circle.agentCount(),
                circle.taskCount(), circle.activeTasks(), circle.requireReview(), circle.autoRoute(),
                circle.maxConcurrentTasks(), circle.createdAt(), circle.startedAt(), circle.projectId(), agents,
                circle.pendingTasks(), circle.reviewTasks(), circle.completedTasks(), circle.failedTasks(),
                circle.blockedTasks(), circle.conflicts(), circle.ownerId());
    }

    static MemberView member(Member member) {
        return new MemberView(member.agentId(), member.name(), member.role(), member.provider(), member.model(),
                member.agentBusy() ? "busy" : "idle", member.competencies(), member.canReview(), member.joinedAt(),
                member.tasksCompleted(), member.tasksFailed(), member.currentWorkload(), member.approvalRate(),
                member.averageQualityScore());
    }

    static TaskView task(CircleTask task) {
        return new TaskView(task.id(), task.circleId(), task.title(), task.description(), task.status(), task.priority(),
                task.requiredCompetencies(), task.offeredAgentId(), task.offeredAgentName(), task.assignedAgentId(),
                task.assignedAgentName(), task.reviewerId(), task.reviewerName(), task.executor(), task.iteration(),
                task.result(), task.filesModified(), task.reviewComments(), task.failureReason(), task.createdAt(),
                task.startedAt(), task.submittedAt(), task.completedAt());
    }

    static Metrics metrics(Circle circle, List<Member> members) {
        return new Metrics(circle.name(), members.stream().filter(Member::isActive)
                .map(member -> new AgentMetrics(member.agentId(), member.name(), member.tasksCompleted(),
                        member.tasksFailed(), member.currentWorkload(), member.approvalRate(),
                        member.averageQualityScore(), member.reviewsDone()))
                .toList(), circle.taskCount(), circle.pendingTasks(), circle.activeTasks(), circle.reviewTasks(),
                circle.completedTasks(), circle.failedTasks(), circle.blockedTasks());
    }
}
