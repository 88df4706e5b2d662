package dev.gathering.agent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AgentRepository {

    /** One statement for an agent with its provider, model, persona, session and message count. */
    private static final String SELECT = """
            SELECT a.*, a.busy_until > now() AS busy, pr.name AS provider_name, m.model_alias, m.pricing_in, m.pricing_out,
                   p.display_name AS persona_name, coalesce(p.full_prompt, p.base_prompt) AS persona_prompt,
                   s.status AS session_status, s.working_files, s.pending_actions, s.completed_actions,
                   s.current_task_id, s.current_task_title, s.current_task_progress, s.last_activity_at,
                   coalesce(s.message_count, 0) AS message_count
            FROM agent.agents a
            JOIN agent.providers pr ON pr.id = a.provider_id
            LEFT JOIN agent.models m ON m.provider_id = a.provider_id AND m.model_name = a.model_name
            LEFT JOIN agent.personas p ON p.id = a.persona_id
            LEFT JOIN agent.sessions s ON s.agent_id = a.id
            """;

    private final JdbcClient jdbc;

    AgentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Agent> findAll(int limit, int offset) {
        return jdbc.sql(SELECT + " WHERE a.is_active ORDER BY a.id LIMIT ? OFFSET ?").params(limit, offset)
                .query(AgentRepository::map).list();
    }

    /** Active agents bound to the provider. */
    long countUsing(long providerId) {
        return jdbc.sql("SELECT count(*) FROM agent.agents WHERE provider_id = ? AND is_active").param(providerId)
                .query(Long.class).single();
    }

    /** Deleted agents (kept for their history) still bound to the provider: removed with their history. */
    void deleteRetiredUsing(long providerId) {
        jdbc.sql("DELETE FROM agent.agents WHERE provider_id = ? AND NOT is_active").param(providerId).update();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM agent.agents WHERE is_active").query(Long.class).single();
    }

    Optional<Agent> findById(long id) {
        return jdbc.sql(SELECT + " WHERE a.id = ? AND a.is_active").param(id).query(AgentRepository::map).optional();
    }

    List<Agent> findByIds(List<Long> ids) {
        return jdbc.sql(SELECT + " WHERE a.id = ANY(?) AND a.is_active ORDER BY a.id")
                .param(ids.toArray(Long[]::new)).query(AgentRepository::map).list();
    }

    /** The agent and its empty session, in one statement. */
    long insert(AgentSpec spec) {
        return jdbc.sql("""
                WITH created AS (
                    INSERT INTO agent.agents (name, role, persona_id, base_prompt, traits, communication_style,
                        specializations, languages, provider_id, model_name, max_tokens, temperature, competencies,
                        can_review, auto_remember, cache_responses, owner_id)
                    VALUES (:name, :role, :persona_id, :base_prompt, :traits, :style, :specializations, :languages,
                        :provider_id, :model_name, :max_tokens, :temperature, :competencies, :can_review, :auto_remember,
                        :cache_responses, :owner_id)
                    RETURNING id),
                session AS (INSERT INTO agent.sessions (agent_id) SELECT id FROM created)
                SELECT id FROM created""")
                .paramSource(parameters(spec))
                .query(Long.class).single();
    }

    void update(long id, AgentSpec spec) {
        var parameters = parameters(spec);
        parameters.addValue("id", id);
        jdbc.sql("""
                UPDATE agent.agents SET name = :name, role = :role, persona_id = :persona_id, base_prompt = :base_prompt,
                    traits = :traits, communication_style = :style, specializations = :specializations,
                    languages = :languages, provider_id = :provider_id, model_name = :model_name,
                    max_tokens = :max_tokens, temperature = :temperature, competencies = :competencies,
                    can_review = :can_review, auto_remember = :auto_remember, cache_responses = :cache_responses
                WHERE id = :id AND is_active""")
                .paramSource(parameters)
                .update();
    }

    boolean deactivate(long id) {
        return jdbc.sql("UPDATE agent.agents SET is_active = false, busy_until = NULL WHERE id = ? AND is_active")
                .param(id).update() > 0;
    }

    /** Holds the agent for a chat until {@code lease} from now; false when another chat already holds it. */
    boolean claim(long id, Duration lease) {
        return jdbc.sql("""
                UPDATE agent.agents SET busy_until = now() + make_interval(secs => ?)
                WHERE id = ? AND is_active AND (busy_until IS NULL OR busy_until <= now())""")
                .params(lease.toMillis() / 1000.0, id).update() > 0;
    }

    void extend(long id, Duration lease) {
        jdbc.sql("UPDATE agent.agents SET busy_until = now() + make_interval(secs => ?) WHERE id = ? AND busy_until IS NOT NULL")
                .params(lease.toMillis() / 1000.0, id).update();
    }

    void recordWork(long id, int tasksCompleted, int reviewsDone) {
        jdbc.sql("""
                UPDATE agent.agents SET tasks_completed = tasks_completed + ?, reviews_done = reviews_done + ?,
                    last_active_at = now()
                WHERE id = ?""").params(tasksCompleted, reviewsDone, id).update();
    }

    void release(long id) {
        jdbc.sql("UPDATE agent.agents SET busy_until = NULL, last_active_at = now() WHERE id = ?").param(id).update();
    }

    private static org.springframework.jdbc.core.namedparam.MapSqlParameterSource parameters(AgentSpec spec) {
        return new org.springframework.jdbc.core.namedparam.MapSqlParameterSource()
                .addValue("name", spec.name()).addValue("role", spec.role()).addValue("persona_id", spec.personaId())
                .addValue("base_prompt", spec.basePrompt()).addValue("traits", Rows.array(spec.traits()))
                .addValue("style", spec.communicationStyle()).addValue("specializations", Rows.array(spec.specializations()))
                .addValue("languages", Rows.array(spec.languages())).addValue("provider_id", spec.providerId())
                .addValue("model_name", spec.modelName()).addValue("max_tokens", spec.maxTokens())
                .addValue("temperature", spec.temperature()).addValue("competencies", Rows.array(spec.competencies()))
                .addValue("can_review", Rows.array(spec.canReview())).addValue("auto_remember", spec.autoRemember())
                .addValue("cache_responses", spec.cacheResponses()).addValue("owner_id", spec.ownerId());
    }

    static Agent map(ResultSet rows, int row) throws SQLException {
        Agent.Session session = new Agent.Session(rows.getString("session_status"), Rows.strings(rows, "working_files"),
                Rows.strings(rows, "pending_actions"), Rows.strings(rows, "completed_actions"),
                rows.getString("current_task_id"), rows.getString("current_task_title"),
                rows.getString("current_task_progress"), Rows.timestamp(rows, "last_activity_at"));
        return new Agent(rows.getLong("id"), rows.getString("name"), rows.getString("role"),
                Rows.nullableLong(rows, "persona_id"), rows.getString("persona_name"), rows.getString("base_prompt"),
                rows.getString("persona_prompt"), Rows.strings(rows, "traits"), rows.getString("communication_style"),
                Rows.strings(rows, "specializations"), Rows.strings(rows, "languages"), rows.getLong("provider_id"),
                rows.getString("provider_name"), rows.getString("model_name"), rows.getString("model_alias"),
                rows.getBigDecimal("pricing_in"), rows.getBigDecimal("pricing_out"), rows.getInt("max_tokens"),
                rows.getDouble("temperature"), Rows.strings(rows, "competencies"), Rows.strings(rows, "can_review"),
                rows.getBoolean("auto_remember"), rows.getBoolean("cache_responses"), rows.getString("status"),
                rows.getBoolean("busy"), rows.getInt("tasks_completed"), rows.getInt("reviews_done"),
                Rows.nullableDouble(rows, "approval_rate"), Rows.nullableDouble(rows, "average_quality_score"),
                Rows.timestamp(rows, "last_active_at"), Rows.timestamp(rows, "created_at"),
                Rows.timestamp(rows, "updated_at"), session, rows.getLong("message_count"), rows.getString("owner_id"));
    }
}
