package dev.gathering.circle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.gathering.agent.AgentService;
import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The task state machine of circles. Each transition is validated by a conditional update: an illegal one is a
 * 409 naming the task's current state, and of two concurrent claims exactly one wins. Events follow each change.
 */
@Service
public class TaskService {

    public record Review(String decision, String comments, Double score) {
    }

    private final TaskRepository tasks;
    private final CircleRepository circles;
    private final CircleService circleService;
    private final AgentService agents;
    private final EventBus events;
    private final TransactionTemplate transaction;

    TaskService(TaskRepository tasks, CircleRepository circles, CircleService circleService, AgentService agents,
                EventBus events, TransactionTemplate transaction) {
        this.tasks = tasks;
        this.circles = circles;
        this.circleService = circleService;
        this.agents = agents;
        this.events = events;
        this.transaction = transaction;
    }

    /** A page of a circle's tasks and their total. */
    public record TaskPage(List<CircleTask> tasks, long total) {
    }

    /** The tasks of a circle (by id), in one statement; {@code status} null for all. */
    public TaskPage tasks(long circleId, TaskStatus status, int limit, int offset) {
        TaskRepository.Page page = tasks.find(circleId, status == null ? null : status.value(), limit, offset);
        return new TaskPage(page.tasks(), page.total());
    }

    TaskRepository.Page list(String circleName, TaskStatus status, int limit, int offset) {
        Circle circle = circleService.get(circleName);
        return tasks.find(circle.id(), status == null ? null : status.value(), limit, offset);
    }

    CircleTask get(String circleName, long taskId) {
        return get(circleService.get(circleName), taskId);
    }

    CircleTask get(Circle circle, long taskId) {
        return tasks.find(circle.id(), taskId).orElseThrow(() -> ApiException.notFound("Task " + taskId
                + " not found in circle '" + circle.name() + "'"));
    }

    public Optional<CircleTask> find(long taskId) {
        return tasks.findById(taskId);
    }

    CircleTask create(String circleName, String title, String description, List<String> competencies, int priority,
                      Long assignedAgentId) {
        Circle circle = circleService.get(circleName);
        if (!circle.running()) {
            throw ApiException.badRequest("Circle must be running to create tasks (circle '" + circle.name() + "' is "
                    + circle.status() + ")");
        }
        if (assignedAgentId != null) {
            circleService.activeMember(circle, assignedAgentId);
        }
        long id = tasks.insert(circle.id(), title.trim(), description == null ? "" : description, competencies, priority);
        CircleTask task = tasks.findById(id).orElseThrow();
        events.publish(Event.of("task.created", taskData(task)).circle(circle.id()));
        if (assignedAgentId != null) {
            offer(circle, task, new TaskRouter.Offer(assignedAgentId, 1.0));
        } else if (circle.autoRoute()) {
            route(circle, task);
        }
        return tasks.findById(id).orElseThrow();
    }

    /** Offers the circle's unoffered pending tasks (after a member joined, for instance). */
    void routePending(Circle circle) {
        if (!circle.autoRoute()) {
            return;
        }
        for (long taskId : tasks.unofferedPending(circle.id())) {
            tasks.findById(taskId).ifPresent(task -> route(circle, task));
        }
    }

    private void route(Circle circle, CircleTask task) {
        TaskRouter.route(task.requiredCompetencies(), task.priority(), circles.members(circle.id()), Set.of())
                .ifPresent(offer -> offer(circle, task, offer));
    }

    private void offer(Circle circle, CircleTask task, TaskRouter.Offer offer) {
        if (tasks.offer(task.id(), offer.agentId(), offer.score())) {
            Map<String, Object> data = taskData(task);
            data.put("agent_id", offer.agentId());
            data.put("score", offer.score());
            events.publish(Event.of("task.offered", data).circle(circle.id()).sourceAgent(offer.agentId()));
        }
    }

    CircleTask claim(String circleName, long taskId, long agentId) {
        Circle circle = circleService.get(circleName);
        circleService.activeMember(circle, agentId);
        get(circle, taskId);
        if (!tasks.claim(taskId, agentId, "human")) {
            throw illegal(circle, taskId, "claimed", "pending");
        }
        CircleTask task = tasks.findById(taskId).orElseThrow();
        claimed(circle, task);
        return task;
    }

    void claimed(Circle circle, CircleTask task) {
        events.publish(Event.of("task.claimed", taskData(task)).circle(circle.id()).sourceAgent(task.assignedAgentId()));
    }

    CircleTask submit(String circleName, long taskId, String result, List<String> files) {
        return submit(circleService.get(circleName), taskId, result, files);
    }

    CircleTask submit(Circle circle, long taskId, String result, List<String> files) {
        CircleTask before = get(circle, taskId);
        boolean review = circle.requireReview();
        transaction.executeWithoutResult(status -> {
            if (!tasks.submit(taskId, result, files, review)) {
                throw illegal(circle, taskId, "submitted", "in_progress");
            }
            if (before.assignedAgentId() != null) {
                circles.releaseFiles(circle.id(), before.assignedAgentId(), files);
                if (!review) {
                    circles.recordCompletion(circle.id(), before.assignedAgentId());
                    agents.recordWork(before.assignedAgentId(), 1, 0);
                }
            }
        });
        CircleTask task = tasks.findById(taskId).orElseThrow();
        events.publish(Event.of(review ? "task.submitted" : "task.completed", taskData(task)).circle(circle.id())
                .sourceAgent(task.assignedAgentId()));
        if (review) {
            TaskRouter.reviewer(task.requiredCompetencies(), task.assignedAgentId() == null ? -1 : task.assignedAgentId(),
                    circles.members(circle.id())).ifPresent(reviewer -> {
                        tasks.assignReviewer(taskId, reviewer.agentId());
                        Map<String, Object> data = taskData(task);
                        data.put("reviewer_id", reviewer.agentId());
                        data.put("work_summary", summary(result));
                        events.publish(Event.of("review.requested", data).circle(circle.id()).sourceAgent(reviewer.agentId()));
                    });
            return tasks.findById(taskId).orElseThrow();
        }
        return task;
    }

    /** Applies a review decision: approved, changes_requested or rejected. */
    CircleTask review(String circleName, long taskId, long reviewerId, Review review) {
        return review(circleService.get(circleName), taskId, reviewerId, review);
    }

    CircleTask review(Circle circle, long taskId, long reviewerId, Review review) {
        CircleTask before = get(circle, taskId);
        circleService.activeMember(circle, reviewerId);
        if (before.assignedAgentId() != null && before.assignedAgentId() == reviewerId) {
            throw ApiException.badRequest("Agent " + reviewerId + " did task " + taskId + " and cannot review it");
        }
        if (review.score() != null && (review.score() < 0 || review.score() > 100)) {
            throw ApiException.badRequest("score must be between 0 and 100");
        }
        String decision = review.decision();
        String comments = review.comments() == null ? "" : review.comments();
        transaction.executeWithoutResult(status -> {
            boolean changed = switch (decision) {
                case "approved" -> tasks.approve(taskId);
                case "changes_requested" -> tasks.requestChanges(taskId, comments);
                case "rejected" -> tasks.reject(taskId, comments);
                default -> throw new IllegalArgumentException(decision);
            };
            if (!changed) {
                throw illegal(circle, taskId, switch (decision) {
                    case "approved" -> "approved";
                    case "rejected" -> "rejected";
                    default -> "sent back for changes";
                }, "review");
            }
            circles.insertReview(taskId, reviewerId, decision, review.score(), comments, before.iteration());
            if (before.assignedAgentId() != null) {
                circles.recordReview(circle.id(), before.assignedAgentId(), reviewerId, decision.equals("approved"), review.score());
                if (decision.equals("approved")) {
                    circles.recordCompletion(circle.id(), before.assignedAgentId());
                    agents.recordWork(before.assignedAgentId(), 1, 0);
                }
            }
            agents.recordWork(reviewerId, 0, 1);
            if (decision.equals("rejected")) {
                circles.insertEscalation(circle.id(), taskId, "Review rejected: " + comments, "high");
            }
        });
        CircleTask task = tasks.findById(taskId).orElseThrow();
        Map<String, Object> data = taskData(task);
        data.put("reviewer_id", reviewerId);
        data.put("decision", decision);
        data.put("score", review.score());
        data.put("comments", comments);
        events.publish(Event.of("review." + decision, data).circle(circle.id()).sourceAgent(reviewerId));
        switch (decision) {
            case "approved" -> events.publish(Event.of("task.completed", taskData(task)).circle(circle.id())
                    .sourceAgent(task.assignedAgentId()));
            case "changes_requested" -> {
                events.publish(Event.of("mention.received", Map.of("task_id", taskId, "agent_id",
                        task.assignedAgentId() == null ? -1 : task.assignedAgentId(), "message", "Changes requested: " + comments))
                        .circle(circle.id()).sourceAgent(task.assignedAgentId()));
                }
            default -> {
                events.publish(Event.of("task.blocked", taskData(task)).circle(circle.id()).sourceAgent(task.assignedAgentId()));
                events.publish(Event.of("escalation.created", Map.of("task_id", taskId, "reason", "Review rejected: " + comments,
                        "severity", "high")).circle(circle.id()));
            }
        }
        return task;
    }

    CircleTask cancel(String circleName, long taskId) {
        Circle circle = circleService.get(circleName);
        get(circle, taskId);
        if (!tasks.cancel(taskId)) {
            throw illegal(circle, taskId, "cancelled", "pending, in_progress, review or blocked");
        }
        CircleTask task = tasks.findById(taskId).orElseThrow();
        events.publish(Event.of("task.cancelled", taskData(task)).circle(circle.id()));
        return task;
    }

    /** The agent could not do it (its provider refused, for instance). */
    void fail(Circle circle, long taskId, String reason) {
        CircleTask before = tasks.findById(taskId).orElseThrow();
        transaction.executeWithoutResult(status -> {
            if (tasks.fail(taskId, reason) && before.assignedAgentId() != null) {
                circles.recordFailure(circle.id(), before.assignedAgentId());
            }
        });
        Map<String, Object> data = taskData(tasks.findById(taskId).orElseThrow());
        data.put("error", reason);
        events.publish(Event.of("task.failed", data).circle(circle.id()).sourceAgent(before.assignedAgentId()));
    }

    /** A review the agent could not produce in the expected form, twice: a human has to look. */
    void escalateUnusableReview(Circle circle, CircleTask task, String reason) {
        transaction.executeWithoutResult(status -> {
            if (tasks.reject(task.id(), reason)) {
                circles.insertEscalation(circle.id(), task.id(), reason, "high");
            }
        });
        events.publish(Event.of("escalation.created", Map.of("task_id", task.id(), "reason", reason, "severity", "high"))
                .circle(circle.id()));
        events.publish(Event.of("task.blocked", taskData(tasks.findById(task.id()).orElseThrow())).circle(circle.id()));
    }

    private ApiException illegal(Circle circle, long taskId, String action, String required) {
        CircleTask current = get(circle, taskId);
        String who = current.assignedAgentId() == null ? "" : " (assigned to agent " + current.assignedAgentId() + ")";
        return ApiException.conflict("Task " + taskId + " is " + current.status() + who + "; it can only be " + action
                + " when " + required).with("current_status", current.status());
    }

    static Map<String, Object> taskData(CircleTask task) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", task.id());
        data.put("title", task.title());
        data.put("status", task.status());
        data.put("priority", task.priority());
        data.put("required_competencies", task.requiredCompetencies());
        data.put("assigned_agent_id", task.assignedAgentId());
        data.put("iteration", task.iteration());
        return data;
    }

    private static String summary(String result) {
        return result == null ? "" : result.length() > 500 ? result.substring(0, 500) : result;
    }

}
