package dev.gathering.agent;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The working session of each agent (one row per agent, created with it). */
@Repository
class AgentSessionRepository {

    static final int MAX_FILES = 50;

    private final JdbcClient jdbc;

    AgentSessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void trackFile(long agentId, String file) {
        jdbc.sql("""
                UPDATE agent.sessions SET working_files = (
                    SELECT coalesce(array_agg(f ORDER BY n), '{}') FROM (
                        SELECT f, n FROM unnest(array_remove(working_files, :file) || ARRAY[:file]::text[])
                            WITH ORDINALITY AS t(f, n)
                        ORDER BY n DESC LIMIT :max) kept),
                    last_activity_at = now()
                WHERE agent_id = :agent""")
                .param("file", file).param("max", MAX_FILES).param("agent", agentId)
                .update();
    }

    void setTask(long agentId, String taskId, String title, String progress) {
        jdbc.sql("""
                UPDATE agent.sessions SET current_task_id = ?, current_task_title = ?, current_task_progress = ?,
                    status = 'active', last_activity_at = now()
                WHERE agent_id = ?""")
                .params(taskId, title, progress, agentId).update();
    }

    void clearTask(long agentId) {
        jdbc.sql("""
                UPDATE agent.sessions SET completed_actions = (
                        SELECT coalesce(array_agg(a ORDER BY n), '{}') FROM (
                            SELECT a, n FROM unnest(CASE WHEN current_task_title IS NULL THEN completed_actions
                                ELSE array_remove(completed_actions, current_task_title) || ARRAY[current_task_title] END)
                                WITH ORDINALITY AS t(a, n)
                            ORDER BY n DESC LIMIT 10) kept),
                    current_task_id = NULL, current_task_title = NULL, current_task_progress = NULL,
                    last_activity_at = now()
                WHERE agent_id = ?""")
                .param(agentId).update();
    }

    /** An exchange (two messages) was stored. */
    void recordExchange(long agentId) {
        jdbc.sql("UPDATE agent.sessions SET last_activity_at = now(), message_count = message_count + 2 WHERE agent_id = ?")
                .param(agentId).update();
    }
}
