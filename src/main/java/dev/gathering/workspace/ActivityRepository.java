package dev.gathering.workspace;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code workspace.activities}: one statement per read. */
@Repository
class ActivityRepository {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {
    };
    private static final String FILTER = """
            WHERE project_id = :project AND (CAST(:agent AS bigint) IS NULL OR agent_id = :agent)
              AND (CAST(:type AS text) IS NULL OR activity_type = :type)""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ActivityRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    Activity insert(long projectId, Long agentId, String userId, String type, Map<String, Object> details) {
        return jdbc.sql("""
                INSERT INTO workspace.activities (project_id, agent_id, user_id, activity_type, details)
                VALUES (?, ?, ?, ?, CAST(? AS jsonb))
                RETURNING id, project_id, agent_id, user_id, activity_type, details, created_at""")
                .params(projectId, agentId, userId, type, json.writeValueAsString(details))
                .query(this::activity).single();
    }

    List<Activity> page(long projectId, Long agentId, String type, int limit, int offset) {
        return jdbc.sql("SELECT id, project_id, agent_id, user_id, activity_type, details, created_at FROM workspace.activities "
                        + FILTER + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("project", projectId).param("agent", agentId).param("type", type).param("limit", limit)
                .param("offset", offset).query(this::activity).list();
    }

    long count(long projectId, Long agentId, String type) {
        return jdbc.sql("SELECT count(*) FROM workspace.activities " + FILTER)
                .param("project", projectId).param("agent", agentId).param("type", type).query(Long.class).single();
    }

    Activity.Stats stats(long projectId) {
        return jdbc.sql("""
                WITH a AS (SELECT activity_type, agent_id, user_id, created_at FROM workspace.activities WHERE project_id = ?)
                SELECT (SELECT count(*) FROM a) AS total,
                       (SELECT count(*) FROM a WHERE created_at > now() - interval '24 hours') AS last_24h,
                       (SELECT max(created_at) FROM a) AS last_at,
                       (SELECT coalesce(jsonb_object_agg(activity_type, n ORDER BY n DESC), '{}'::jsonb)
                          FROM (SELECT activity_type, count(*) AS n FROM a GROUP BY 1) t) AS by_type,
                       (SELECT coalesce(jsonb_object_agg(agent_id::text, n ORDER BY n DESC), '{}'::jsonb)
                          FROM (SELECT agent_id, count(*) AS n FROM a WHERE agent_id IS NOT NULL GROUP BY 1) t) AS by_agent,
                       (SELECT coalesce(jsonb_object_agg(user_id, n ORDER BY n DESC), '{}'::jsonb)
                          FROM (SELECT user_id, count(*) AS n FROM a WHERE user_id IS NOT NULL GROUP BY 1) t) AS by_user""")
                .param(projectId)
                .query((rows, row) -> new Activity.Stats(projectId, rows.getLong("total"), rows.getLong("last_24h"),
                        Rows.timestamp(rows, "last_at"), json.readValue(rows.getString("by_type"), COUNTS),
                        json.readValue(rows.getString("by_agent"), COUNTS), json.readValue(rows.getString("by_user"), COUNTS)))
                .single();
    }

    private Activity activity(ResultSet rows, int row) throws SQLException {
        return new Activity(rows.getLong("id"), rows.getLong("project_id"), Rows.nullableLong(rows, "agent_id"),
                rows.getString("user_id"), rows.getString("activity_type"), json.readValue(rows.getString("details"), OBJECT),
                Rows.timestamp(rows, "created_at"));
    }
}
