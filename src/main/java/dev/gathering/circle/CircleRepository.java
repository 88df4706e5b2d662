package dev.gathering.circle;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Circles, their members, file claims and conflicts. Every read is one statement, whatever the row count. */
@Repository
class CircleRepository {

    private static final String CIRCLES = """
            SELECT c.id, c.name, c.status, c.require_review, c.auto_route, c.max_concurrent_tasks, c.project_id,
                   c.created_at, c.started_at, c.stopped_at,
                   coalesce(m.agent_count, 0) AS agent_count, coalesce(t.task_count, 0) AS task_count,
                   coalesce(t.pending, 0) AS pending_tasks, coalesce(t.active, 0) AS active_tasks,
                   coalesce(t.review, 0) AS review_tasks, coalesce(t.completed, 0) AS completed_tasks,
                   coalesce(t.failed, 0) AS failed_tasks, coalesce(t.blocked, 0) AS blocked_tasks,
                   coalesce(k.conflicts, 0) AS conflicts, c.owner_id
            FROM circle.circles c
            LEFT JOIN (SELECT circle_id, count(*) AS agent_count FROM circle.members WHERE is_active GROUP BY circle_id) m
                   ON m.circle_id = c.id
            LEFT JOIN (SELECT circle_id, count(*) AS task_count,
                              count(*) FILTER (WHERE status = 'pending') AS pending,
                              count(*) FILTER (WHERE status = 'in_progress') AS active,
                              count(*) FILTER (WHERE status = 'review') AS review,
                              count(*) FILTER (WHERE status = 'completed') AS completed,
                              count(*) FILTER (WHERE status = 'failed') AS failed,
                              count(*) FILTER (WHERE status = 'blocked') AS blocked
                       FROM circle.tasks GROUP BY circle_id) t ON t.circle_id = c.id
            LEFT JOIN (SELECT circle_id, count(*) AS conflicts FROM circle.conflicts WHERE NOT resolved GROUP BY circle_id) k
                   ON k.circle_id = c.id
            """;

    private static final String MEMBERS = """
            SELECT mb.agent_id, a.name, a.role, pr.name AS provider, a.model_name AS model,
                   coalesce(a.busy_until > now(), false) AS agent_busy, mb.competencies, mb.can_review, mb.is_active,
                   mb.joined_at, mb.tasks_completed, mb.tasks_failed, mb.reviews_received, mb.approvals,
                   mb.quality_score_sum, mb.quality_scores, mb.reviews_done,
                   (SELECT count(*) FROM circle.tasks t WHERE t.circle_id = mb.circle_id
                        AND t.assigned_agent_id = mb.agent_id AND t.status = 'in_progress') AS current_workload
            FROM circle.members mb
            JOIN agent.agents a ON a.id = mb.agent_id
            JOIN agent.providers pr ON pr.id = a.provider_id
            """;

    private final JdbcClient jdbc;

    CircleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Circle> findAll(int limit, int offset) {
        return jdbc.sql(CIRCLES + " WHERE c.is_active ORDER BY c.id LIMIT ? OFFSET ?").params(limit, offset)
                .query(Circle.class).list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM circle.circles WHERE is_active").query(Long.class).single();
    }

    /** Active circles, or the deleted ones (soft-deleted rows keep their history), newest first. */
    List<Circle> findAll(boolean active, int limit, int offset) {
        return jdbc.sql(CIRCLES + " WHERE c.is_active = ? ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?")
                .params(active, limit, offset).query(Circle.class).list();
    }

    List<CircleService.Throughput> throughput(int days) {
        return jdbc.sql("""
                SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
                       count(t.id) FILTER (WHERE t.status = 'completed') AS completed,
                       count(t.id) FILTER (WHERE t.status = 'failed') AS failed
                FROM generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => :days - 1),
                                     date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS d(day)
                LEFT JOIN circle.tasks t ON t.completed_at IS NOT NULL
                      AND date_trunc('day', t.completed_at AT TIME ZONE 'UTC') = d.day
                GROUP BY d.day ORDER BY d.day""")
                .param("days", days).query(CircleService.Throughput.class).list();
    }

    CircleService.Counts counts() {
        return jdbc.sql("""
                SELECT count(*) AS total, count(*) FILTER (WHERE c.status = 'running') AS running,
                       (SELECT count(*) FROM circle.tasks t JOIN circle.circles tc ON tc.id = t.circle_id
                         WHERE tc.is_active) AS tasks
                FROM circle.circles c WHERE c.is_active""").query(CircleService.Counts.class).single();
    }

    Optional<Circle> findByName(String name) {
        return jdbc.sql(CIRCLES + " WHERE c.is_active AND lower(c.name) = lower(?)").param(name)
                .query(Circle.class).optional();
    }

    Optional<Circle> findById(long id) {
        return jdbc.sql(CIRCLES + " WHERE c.is_active AND c.id = ?").param(id).query(Circle.class).optional();
    }

    Optional<Long> insert(String name, boolean requireReview, boolean autoRoute, int maxConcurrentTasks, Long projectId,
                          String ownerId) {
        return jdbc.sql("""
                INSERT INTO circle.circles (name, require_review, auto_route, max_concurrent_tasks, project_id, owner_id)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id""")
                .params(name, requireReview, autoRoute, maxConcurrentTasks, projectId, ownerId).query(Long.class).optional();
    }

    /** The active circles {@code ownerId} owns. */
    List<Long> ownedBy(String ownerId) {
        return jdbc.sql("SELECT id FROM circle.circles WHERE owner_id = ? AND is_active").param(ownerId)
                .query(Long.class).list();
    }

    /** Moves a circle from one of {@code from} to {@code to}; false when it was in another state. */
    boolean transition(long id, List<String> from, String to) {
        return jdbc.sql("""
                UPDATE circle.circles SET status = :to,
                    started_at = CASE WHEN :to = 'running' THEN now() ELSE started_at END,
                    stopped_at = CASE WHEN :to = 'stopped' THEN now() ELSE stopped_at END
                WHERE id = :id AND is_active AND status = ANY(:from)""")
                .param("to", to).param("id", id).param("from", from.toArray(String[]::new)).update() > 0;
    }

    void clearProject(long id, long projectId) {
        jdbc.sql("UPDATE circle.circles SET project_id = NULL WHERE id = ? AND project_id = ?").params(id, projectId).update();
    }

    void deactivate(long id) {
        jdbc.sql("UPDATE circle.circles SET is_active = false, status = 'stopped', stopped_at = now() WHERE id = ?")
                .param(id).update();
    }

    /** All members (active first, by join order) with their agents: one statement. */
    List<Member> members(long circleId) {
        return jdbc.sql(MEMBERS + " WHERE mb.circle_id = ? ORDER BY mb.is_active DESC, mb.joined_at, mb.agent_id")
                .param(circleId).query(CircleRepository::member).list();
    }

    Optional<Member> member(long circleId, long agentId) {
        return jdbc.sql(MEMBERS + " WHERE mb.circle_id = ? AND mb.agent_id = ?").params(circleId, agentId)
                .query(CircleRepository::member).optional();
    }

    /** Adds or re-activates a member; false when it is already an active member. */
    boolean upsertMember(long circleId, long agentId, List<String> competencies, List<String> canReview) {
        return jdbc.sql("""
                INSERT INTO circle.members (circle_id, agent_id, competencies, can_review) VALUES (?, ?, ?, ?)
                ON CONFLICT (circle_id, agent_id) DO UPDATE SET is_active = true, left_at = NULL,
                    competencies = excluded.competencies, can_review = excluded.can_review, joined_at = now()
                WHERE NOT circle.members.is_active""")
                .params(circleId, agentId, Rows.array(competencies), Rows.array(canReview)).update() > 0;
    }

    boolean deactivateMember(long circleId, long agentId) {
        return jdbc.sql("UPDATE circle.members SET is_active = false, left_at = now() WHERE circle_id = ? AND agent_id = ? AND is_active")
                .params(circleId, agentId).update() > 0;
    }

    void recordCompletion(long circleId, long agentId) {
        jdbc.sql("UPDATE circle.members SET tasks_completed = tasks_completed + 1 WHERE circle_id = ? AND agent_id = ?")
                .params(circleId, agentId).update();
    }

    void recordFailure(long circleId, long agentId) {
        jdbc.sql("UPDATE circle.members SET tasks_failed = tasks_failed + 1 WHERE circle_id = ? AND agent_id = ?")
                .params(circleId, agentId).update();
    }

    /** A review of {@code authorId}'s work by {@code reviewerId}: both members' metrics in one statement. */
    void recordReview(long circleId, long authorId, long reviewerId, boolean approved, Double score) {
        jdbc.sql("""
                UPDATE circle.members SET
                    reviews_received = reviews_received + CASE WHEN agent_id = :author THEN 1 ELSE 0 END,
                    approvals = approvals + CASE WHEN agent_id = :author AND :approved THEN 1 ELSE 0 END,
                    quality_score_sum = quality_score_sum + CASE WHEN agent_id = :author THEN coalesce(CAST(:score AS DOUBLE PRECISION), 0) ELSE 0 END,
                    quality_scores = quality_scores + CASE WHEN agent_id = :author AND CAST(:score AS DOUBLE PRECISION) IS NOT NULL THEN 1 ELSE 0 END,
                    reviews_done = reviews_done + CASE WHEN agent_id = :reviewer THEN 1 ELSE 0 END
                WHERE circle_id = :circle AND agent_id IN (:author, :reviewer)""")
                .param("author", authorId).param("reviewer", reviewerId).param("approved", approved)
                .param("score", score).param("circle", circleId).update();
    }

    // --- files and conflicts

    /** The agent holding {@code path} after the attempt: the caller when it was free or already theirs. */
    long claimFile(long circleId, String path, long agentId) {
        return jdbc.sql("""
                WITH attempt AS (
                    INSERT INTO circle.file_claims (circle_id, path, agent_id) VALUES (?, ?, ?)
                    ON CONFLICT (circle_id, path) DO NOTHING RETURNING agent_id)
                SELECT agent_id FROM attempt
                UNION ALL
                SELECT agent_id FROM circle.file_claims WHERE circle_id = ? AND path = ? AND NOT EXISTS (SELECT 1 FROM attempt)""")
                .params(circleId, path, agentId, circleId, path).query(Long.class).optional()
                .orElseGet(() -> claimFile(circleId, path, agentId)); // a concurrent claim committed meanwhile: look again
    }

    boolean releaseFile(long circleId, String path, long agentId) {
        return jdbc.sql("DELETE FROM circle.file_claims WHERE circle_id = ? AND path = ? AND agent_id = ?")
                .params(circleId, path, agentId).update() > 0;
    }

    Optional<Long> fileHolder(long circleId, String path) {
        return jdbc.sql("SELECT agent_id FROM circle.file_claims WHERE circle_id = ? AND path = ?").params(circleId, path)
                .query(Long.class).optional();
    }

    void releaseFiles(long circleId, long agentId, List<String> paths) {
        jdbc.sql("DELETE FROM circle.file_claims WHERE circle_id = ? AND agent_id = ? AND (? OR path = ANY(?))")
                .params(circleId, agentId, paths == null, paths == null ? new String[0] : Rows.array(paths)).update();
    }

    long insertConflict(long circleId, String type, String resource, List<Long> agents, String description) {
        return jdbc.sql("""
                INSERT INTO circle.conflicts (circle_id, type, resource, agent_ids, description) VALUES (?, ?, ?, ?, ?)
                RETURNING id""")
                .params(circleId, type, resource, agents.toArray(Long[]::new), description).query(Long.class).single();
    }

    List<Conflict> conflicts(long circleId, boolean includeResolved) {
        return jdbc.sql("SELECT * FROM circle.conflicts WHERE circle_id = ? AND (? OR NOT resolved) ORDER BY id")
                .params(circleId, includeResolved).query(CircleRepository::conflict).list();
    }

    Optional<Conflict> conflict(long circleId, long conflictId) {
        return jdbc.sql("SELECT * FROM circle.conflicts WHERE circle_id = ? AND id = ?").params(circleId, conflictId)
                .query(CircleRepository::conflict).optional();
    }

    boolean resolveConflict(long circleId, long conflictId, String resolution) {
        return jdbc.sql("""
                UPDATE circle.conflicts SET resolved = true, resolution = ?, resolved_at = now()
                WHERE circle_id = ? AND id = ? AND NOT resolved""")
                .params(resolution, circleId, conflictId).update() > 0;
    }

    void insertReview(long taskId, long reviewerId, String decision, Double score, String comments, int iteration) {
        jdbc.sql("""
                INSERT INTO circle.reviews (task_id, reviewer_id, decision, score, comments, iteration)
                VALUES (?, ?, ?, ?, ?, ?)""").params(taskId, reviewerId, decision, score, comments, iteration).update();
    }

    long insertEscalation(long circleId, Long taskId, String reason, String severity) {
        return jdbc.sql("INSERT INTO circle.escalations (circle_id, task_id, reason, severity) VALUES (?, ?, ?, ?) RETURNING id")
                .params(circleId, taskId, reason, severity).query(Long.class).single();
    }

    private static Member member(ResultSet rows, int row) throws SQLException {
        return new Member(rows.getLong("agent_id"), rows.getString("name"), rows.getString("role"),
                rows.getString("provider"), rows.getString("model"), rows.getBoolean("agent_busy"),
                Rows.strings(rows, "competencies"), Rows.strings(rows, "can_review"), rows.getBoolean("is_active"),
                Rows.timestamp(rows, "joined_at"), rows.getInt("tasks_completed"), rows.getInt("tasks_failed"),
                rows.getInt("reviews_received"), rows.getInt("approvals"), rows.getDouble("quality_score_sum"),
                rows.getInt("quality_scores"), rows.getInt("reviews_done"), rows.getInt("current_workload"));
    }

    private static Conflict conflict(ResultSet rows, int row) throws SQLException {
        Array array = rows.getArray("agent_ids");
        List<Long> agents = Arrays.stream((Long[]) array.getArray()).toList();
        return new Conflict(rows.getLong("id"), rows.getString("type"), rows.getString("resource"), agents,
                rows.getString("description"), rows.getBoolean("resolved"), rows.getString("resolution"),
                Rows.timestamp(rows, "detected_at"), Rows.timestamp(rows, "resolved_at"));
    }
}
