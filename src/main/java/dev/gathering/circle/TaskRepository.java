package dev.gathering.circle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Circle tasks. Every state change is one conditional UPDATE naming the state it leaves, so that an illegal or
 * concurrent change touches no row (the service then reports the current state).
 */
@Repository
class TaskRepository {

    private static final String SELECT = """
            SELECT t.*, o.name AS offered_agent_name, a.name AS assigned_agent_name, r.name AS reviewer_name
            FROM circle.tasks t
            LEFT JOIN agent.agents o ON o.id = t.offered_agent_id
            LEFT JOIN agent.agents a ON a.id = t.assigned_agent_id
            LEFT JOIN agent.agents r ON r.id = t.reviewer_id
            """;

    record Page(List<CircleTask> tasks, long total) {
    }

    private final JdbcClient jdbc;

    TaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One page and the total, in one statement. */
    Page find(long circleId, String status, int limit, int offset) {
        var total = new long[1];
        List<CircleTask> tasks = jdbc.sql(SELECT.replace("SELECT t.*,", "SELECT t.*, count(*) OVER () AS total_rows,") + """
                WHERE t.circle_id = ? AND (CAST(? AS TEXT) IS NULL OR t.status = ?)
                ORDER BY t.id LIMIT ? OFFSET ?""")
                .params(circleId, status, status, limit, offset)
                .query((rows, row) -> {
                    total[0] = rows.getLong("total_rows");
                    return map(rows, row);
                }).list();
        if (tasks.isEmpty() && offset > 0) {
            total[0] = jdbc.sql("SELECT count(*) FROM circle.tasks WHERE circle_id = ? AND (CAST(? AS TEXT) IS NULL OR status = ?)")
                    .params(circleId, status, status).query(Long.class).single();
        }
        return new Page(tasks, total[0]);
    }

    Optional<CircleTask> find(long circleId, long taskId) {
        return jdbc.sql(SELECT + " WHERE t.circle_id = ? AND t.id = ?").params(circleId, taskId)
                .query(TaskRepository::map).optional();
    }

    Optional<CircleTask> findById(long taskId) {
        return jdbc.sql(SELECT + " WHERE t.id = ?").param(taskId).query(TaskRepository::map).optional();
    }

    long insert(long circleId, String title, String description, List<String> competencies, int priority) {
        return jdbc.sql("""
                INSERT INTO circle.tasks (circle_id, title, description, required_competencies, priority)
                VALUES (?, ?, ?, ?, ?) RETURNING id""")
                .params(circleId, title, description, Rows.array(competencies), priority).query(Long.class).single();
    }

    List<Long> unofferedPending(long circleId) {
        return jdbc.sql("SELECT id FROM circle.tasks WHERE circle_id = ? AND status = 'pending' AND offered_agent_id IS NULL ORDER BY priority, id")
                .param(circleId).query(Long.class).list();
    }

    boolean offer(long taskId, long agentId, double score) {
        return jdbc.sql("UPDATE circle.tasks SET offered_agent_id = ?, offer_score = ? WHERE id = ? AND status = 'pending'")
                .params(agentId, score, taskId).update() > 0;
    }

    boolean claim(long taskId, long agentId, String executor) {
        return jdbc.sql("""
                UPDATE circle.tasks SET status = 'in_progress', assigned_agent_id = ?, executor = ?,
                    started_at = coalesce(started_at, now())
                WHERE id = ? AND status = 'pending'""")
                .params(agentId, executor, taskId).update() > 0;
    }

    /** in_progress → review (with a reviewer, possibly none yet) or completed. */
    boolean submit(long taskId, String result, List<String> files, boolean review) {
        return jdbc.sql("""
                UPDATE circle.tasks SET status = CASE WHEN :review THEN 'review' ELSE 'completed' END,
                    result = :result, files_modified = :files, submitted_at = now(),
                    completed_at = CASE WHEN :review THEN NULL ELSE now() END,
                    reviewer_id = NULL, review_attempts = 0, lease_until = NULL, lease_owner = NULL
                WHERE id = :id AND status = 'in_progress'""")
                .param("review", review).param("result", result).param("files", Rows.array(files)).param("id", taskId)
                .update() > 0;
    }

    void assignReviewer(long taskId, long reviewerId) {
        jdbc.sql("UPDATE circle.tasks SET reviewer_id = ? WHERE id = ? AND status = 'review'").params(reviewerId, taskId).update();
    }

    boolean approve(long taskId) {
        return jdbc.sql("""
                UPDATE circle.tasks SET status = 'completed', completed_at = now(), lease_until = NULL, lease_owner = NULL
                WHERE id = ? AND status = 'review'""").param(taskId).update() > 0;
    }

    boolean requestChanges(long taskId, String comments) {
        return jdbc.sql("""
                UPDATE circle.tasks SET status = 'in_progress', iteration = iteration + 1, review_comments = ?,
                    lease_until = NULL, lease_owner = NULL
                WHERE id = ? AND status = 'review'""").params(comments, taskId).update() > 0;
    }

    boolean reject(long taskId, String reason) {
        return jdbc.sql("""
                UPDATE circle.tasks SET status = 'blocked', review_comments = ?, lease_until = NULL, lease_owner = NULL
                WHERE id = ? AND status = 'review'""").params(reason, taskId).update() > 0;
    }

    boolean cancel(long taskId) {
        return jdbc.sql("""
                UPDATE circle.tasks SET status = 'cancelled', completed_at = now(), lease_until = NULL, lease_owner = NULL
                WHERE id = ? AND status IN ('pending', 'in_progress', 'review', 'blocked')""").param(taskId).update() > 0;
    }

    boolean fail(long taskId, String reason) {
        return jdbc.sql("""
                UPDATE circle.tasks SET status = 'failed', failure_reason = ?, completed_at = now(), lease_until = NULL,
                    lease_owner = NULL
                WHERE id = ? AND status IN ('in_progress', 'review')""").params(reason, taskId).update() > 0;
    }

    /** The review could not be used: count the attempt, give the step back to the worker. */
    int countReviewAttempt(long taskId) {
        return jdbc.sql("""
                UPDATE circle.tasks SET review_attempts = review_attempts + 1 WHERE id = ? AND status = 'review'
                RETURNING review_attempts""").param(taskId).query(Integer.class).optional().orElse(0);
    }

    // --- the worker's leases

    record WorkItem(long taskId, long circleId, String status) {
    }

    /** Steps an agent can take now in running, auto-routed circles: offered pending work, agent work, agent reviews. */
    List<WorkItem> availableWork(int limit) {
        return jdbc.sql("""
                SELECT t.id AS task_id, t.circle_id, t.status FROM circle.tasks t
                JOIN circle.circles c ON c.id = t.circle_id
                WHERE c.is_active AND c.status = 'running' AND c.auto_route
                  AND (t.lease_until IS NULL OR t.lease_until < now())
                  AND ((t.status = 'pending' AND t.offered_agent_id IS NOT NULL)
                    OR (t.status = 'in_progress' AND t.executor = 'agent')
                    OR (t.status = 'review' AND t.reviewer_id IS NOT NULL AND t.executor = 'agent'))
                ORDER BY t.priority, t.id LIMIT ?""")
                .param(limit).query(WorkItem.class).list();
    }

    /**
     * Takes the lease of a task's next step for {@code owner}, claiming offered pending work for its agent on the way,
     * while the circle runs fewer than its {@code max_concurrent_tasks} leased steps. The circle's advisory lock
     * makes the count and the lease one decision across instances.
     */
    Optional<CircleTask> lease(long taskId, long circleId, String owner, Duration lease) {
        jdbc.sql("SELECT pg_advisory_xact_lock(7301, CAST(? AS INTEGER))").param((int) circleId).query().singleValue();
        int updated = jdbc.sql("""
                UPDATE circle.tasks t SET lease_until = now() + make_interval(secs => :lease), lease_owner = :owner,
                    assigned_agent_id = CASE WHEN t.status = 'pending' THEN t.offered_agent_id ELSE t.assigned_agent_id END,
                    executor = CASE WHEN t.status = 'pending' THEN 'agent' ELSE t.executor END,
                    started_at = coalesce(t.started_at, now()),
                    status = CASE WHEN t.status = 'pending' THEN 'in_progress' ELSE t.status END
                FROM circle.circles c
                WHERE t.id = :task AND c.id = t.circle_id AND c.is_active AND c.status = 'running' AND c.auto_route
                  AND (t.lease_until IS NULL OR t.lease_until < now())
                  AND ((t.status = 'pending' AND t.offered_agent_id IS NOT NULL)
                    OR (t.status = 'in_progress' AND t.executor = 'agent')
                    OR (t.status = 'review' AND t.reviewer_id IS NOT NULL AND t.executor = 'agent'))
                  AND (SELECT count(*) FROM circle.tasks busy WHERE busy.circle_id = t.circle_id
                       AND busy.lease_until > now()) < c.max_concurrent_tasks""")
                .param("lease", lease.toMillis() / 1000.0).param("owner", owner).param("task", taskId).update();
        return updated == 0 ? Optional.empty() : findById(taskId);
    }

    void extendLease(long taskId, String owner, Duration lease) {
        jdbc.sql("UPDATE circle.tasks SET lease_until = now() + make_interval(secs => ?) WHERE id = ? AND lease_owner = ?")
                .params(lease.toMillis() / 1000.0, taskId, owner).update();
    }

    /** Gives a step back: at once ({@code retryIn} zero) or after a pause. */
    void releaseLease(long taskId, String owner, Duration retryIn) {
        jdbc.sql("""
                UPDATE circle.tasks SET lease_until = CASE WHEN ? > 0 THEN now() + make_interval(secs => ?) ELSE NULL END,
                    lease_owner = NULL
                WHERE id = ? AND lease_owner = ?""")
                .params(retryIn.toMillis(), retryIn.toMillis() / 1000.0, taskId, owner).update();
    }

    void releaseLeases(String owner) {
        jdbc.sql("UPDATE circle.tasks SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ?").param(owner).update();
    }

    static CircleTask map(ResultSet rows, int row) throws SQLException {
        return new CircleTask(rows.getLong("id"), rows.getLong("circle_id"), rows.getString("title"),
                rows.getString("description"), Rows.strings(rows, "required_competencies"), rows.getInt("priority"),
                rows.getString("status"), Rows.nullableLong(rows, "offered_agent_id"), rows.getString("offered_agent_name"),
                Rows.nullableDouble(rows, "offer_score"), Rows.nullableLong(rows, "assigned_agent_id"),
                rows.getString("assigned_agent_name"), Rows.nullableLong(rows, "reviewer_id"),
                rows.getString("reviewer_name"), rows.getString("executor"), rows.getString("result"),
                Rows.strings(rows, "files_modified"), rows.getInt("iteration"), rows.getString("review_comments"),
                rows.getInt("review_attempts"), rows.getString("failure_reason"), Rows.timestamp(rows, "created_at"),
                Rows.timestamp(rows, "started_at"), Rows.timestamp(rows, "submitted_at"),
                Rows.timestamp(rows, "completed_at"));
    }
}
