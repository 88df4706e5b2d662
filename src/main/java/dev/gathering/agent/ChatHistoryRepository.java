package dev.gathering.agent;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ChatHistoryRepository {

    record Row(long id, String role, String content, OffsetDateTime createdAt) {
    }

    record Exchange(long agentId, String userId, String userMessage, String answer, String provider, String model,
                    int tokensIn, int tokensOut, BigDecimal cost, long durationMs, boolean cached, String toolCallsJson) {
    }

    record Usage(long messages, long tokensIn, long tokensOut, BigDecimal costUsd) {
    }

    record UsageLine(String day, String provider, String model, long messages, long tokensIn, long tokensOut,
                     BigDecimal costUsd) {
    }

    private final JdbcClient jdbc;

    ChatHistoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest {@code limit} messages of {@code userId}'s conversation with the agent (null: everyone's), oldest first. */
    List<Row> recent(long agentId, String userId, int limit) {
        return jdbc.sql("""
                SELECT id, role, content, created_at FROM (
                    SELECT id, role, content, created_at FROM communication.chat_history
                    WHERE agent_id = ? AND (CAST(? AS varchar) IS NULL OR user_id = ?) ORDER BY id DESC LIMIT ?) newest
                ORDER BY id""")
                .params(agentId, userId, userId, limit).query(Row.class).list();
    }

    /** Both messages of an exchange, in one statement (so in one transaction). */
    void insert(Exchange exchange) {
        jdbc.sql("""
                INSERT INTO communication.chat_history (agent_id, role, content, user_id, provider, model_used, tokens_in,
                    tokens_out, cost_usd, duration_ms, cached, tool_calls, created_at)
                VALUES (:agent, 'user', :question, :user, NULL, NULL, 0, 0, 0, NULL, false, NULL, clock_timestamp()),
                       (:agent, 'assistant', :answer, :user, :provider, :model, :tokens_in, :tokens_out, :cost, :duration,
                        :cached, CAST(:tool_calls AS jsonb), clock_timestamp())""")
                .param("agent", exchange.agentId()).param("question", exchange.userMessage())
                .param("user", exchange.userId()).param("answer", exchange.answer())
                .param("provider", exchange.provider()).param("model", exchange.model())
                .param("tokens_in", exchange.tokensIn()).param("tokens_out", exchange.tokensOut())
                .param("cost", exchange.cost()).param("duration", exchange.durationMs())
                .param("cached", exchange.cached()).param("tool_calls", exchange.toolCallsJson())
                .update();
    }

    /** The agent's usage by {@code userId} (null: by everyone). */
    Usage usage(long agentId, String userId) {
        return jdbc.sql("""
                SELECT count(*) AS messages, coalesce(sum(tokens_in), 0) AS tokens_in,
                       coalesce(sum(tokens_out), 0) AS tokens_out, coalesce(sum(cost_usd), 0) AS cost_usd
                FROM communication.chat_history
                WHERE agent_id = ? AND role = 'assistant' AND (CAST(? AS varchar) IS NULL OR user_id = ?)""")
                .params(agentId, userId, userId).query(Usage.class).single();
    }

    /**
     * Totals per day, provider and model, over the last {@code days} days, optionally for one agent and for one user
     * (null: everyone).
     */
    List<UsageLine> usageLines(Long agentId, String userId, int days) {
        return jdbc.sql("""
                SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
                       coalesce(provider, '') AS provider, coalesce(model_used, '') AS model, count(*) AS messages,
                       sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out, sum(cost_usd) AS cost_usd
                FROM communication.chat_history
                WHERE role = 'assistant' AND created_at >= now() - make_interval(days => :days)
                  AND (CAST(:agent AS BIGINT) IS NULL OR agent_id = :agent)
                  AND (CAST(:user AS varchar) IS NULL OR user_id = :user)
                GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3""")
                .param("days", days).param("agent", agentId).param("user", userId)
                .query(UsageLine.class).list();
    }
}
