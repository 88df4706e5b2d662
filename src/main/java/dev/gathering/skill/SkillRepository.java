package dev.gathering.skill;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code agent.skills}, {@code agent.agent_tools} and {@code agent.tool_permissions}. */
@Repository
class SkillRepository {

    /** A catalogue row. */
    record SkillRow(long id, String name, String displayName, String description, String category,
                    List<String> requiredPermissions, String version, boolean dangerous, boolean enabled, String source,
                    String toolsJson) {
    }

    /** One skill in an agent's matrix, with the agent's state. */
    record AgentSkillRow(SkillRow skill, boolean enabled, long usageCount, OffsetDateTime lastUsedAt) {
    }

    /** What one chat needs: the agent's permissions and its enabled skills (skill ids by name). */
    record AgentState(List<String> permissions, boolean hasPermissionRow, Map<String, Long> enabledSkills) {
    }

    /** A catalogue entry to write. */
    record SkillWrite(String name, String displayName, String description, String category,
                      List<String> requiredPermissions, String version, boolean dangerous, String source, String toolsJson) {
    }

    /** Usage to add: {@code calls} calls, the last at {@code lastUsedAt}. */
    record Usage(long agentId, long skillId, long calls, OffsetDateTime lastUsedAt) {
    }

    private static final String SKILL_COLUMNS = """
            s.id, s.name, s.display_name, s.description, s.category, s.required_permissions, s.version,
            s.is_dangerous, s.is_enabled, s.source, s.tools::text AS tools""";

    private final JdbcClient jdbc;

    SkillRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or refreshes catalogue rows (keeping their on/off switch) and returns every row's id by name. */
    Map<String, Long> upsert(List<SkillWrite> skills) {
        Map<String, Long> ids = new HashMap<>();
        for (SkillWrite skill : skills) {
            long id = jdbc.sql("""
                    INSERT INTO agent.skills (name, display_name, description, category, required_permissions, version,
                        is_dangerous, source, tools)
                    VALUES (:name, :display, :description, :category, :permissions, :version, :dangerous, :source, :tools::jsonb)
                    ON CONFLICT (name) DO UPDATE SET display_name = excluded.display_name,
                        description = excluded.description, category = excluded.category,
                        required_permissions = excluded.required_permissions, version = excluded.version,
                        is_dangerous = excluded.is_dangerous, source = excluded.source, tools = excluded.tools
                    RETURNING id""")
                    .param("name", skill.name()).param("display", skill.displayName())
                    .param("description", skill.description()).param("category", skill.category())
                    .param("permissions", Rows.array(skill.requiredPermissions())).param("version", skill.version())
                    .param("dangerous", skill.dangerous()).param("source", skill.source()).param("tools", skill.toolsJson())
                    .query(Long.class).single();
            ids.put(skill.name(), id);
        }
        return ids;
    }

    /** Removes built-in skills this server no longer has (their agents' switches go with them). */
    void deleteBuiltinsExcept(List<String> names) {
        jdbc.sql("DELETE FROM agent.skills WHERE source = 'builtin' AND NOT (name = ANY(:names))")
                .param("names", Rows.array(names)).update();
    }

    boolean delete(String name) {
        return jdbc.sql("DELETE FROM agent.skills WHERE name = ?").param(name).update() > 0;
    }

    void setSkillEnabled(String name, boolean enabled) {
        jdbc.sql("UPDATE agent.skills SET is_enabled = ? WHERE name = ?").params(enabled, name).update();
    }

    List<SkillRow> catalogue(String category, boolean enabledOnly) {
        return jdbc.sql("SELECT " + SKILL_COLUMNS + """
                 FROM agent.skills s
                WHERE (CAST(:category AS text) IS NULL OR s.category = :category) AND (NOT :enabledOnly OR s.is_enabled)
                ORDER BY s.category, s.name""")
                .param("category", category).param("enabledOnly", enabledOnly)
                .query(SkillRepository::skill).list();
    }

    Optional<SkillRow> find(String name) {
        return jdbc.sql("SELECT " + SKILL_COLUMNS + " FROM agent.skills s WHERE s.name = ?").param(name)
                .query(SkillRepository::skill).optional();
    }

    /** Every catalogue skill with the agent's switch, usage and last use (one statement). */
    List<AgentSkillRow> matrix(long agentId) {
        return jdbc.sql("SELECT " + SKILL_COLUMNS + """
                , coalesce(t.is_enabled, false) AS agent_enabled, coalesce(t.usage_count, 0) AS usage_count,
                  t.last_used_at
                FROM agent.skills s
                LEFT JOIN agent.agent_tools t ON t.skill_id = s.id AND t.agent_id = :agent
                ORDER BY s.category, s.name""")
                .param("agent", agentId)
                .query((rows, n) -> new AgentSkillRow(skill(rows, n), rows.getBoolean("agent_enabled"),
                        rows.getLong("usage_count"), Rows.timestamp(rows, "last_used_at")))
                .list();
    }

    /** The agent's permissions and enabled skills in one statement; empty when the agent does not exist. */
    Optional<AgentState> state(long agentId) {
        List<Object[]> rows = jdbc.sql("""
                SELECT p.permissions, s.id AS skill_id, s.name AS skill_name
                FROM agent.agents a
                LEFT JOIN agent.tool_permissions p ON p.agent_id = a.id
                LEFT JOIN agent.agent_tools t ON t.agent_id = a.id AND t.is_enabled
                LEFT JOIN agent.skills s ON s.id = t.skill_id AND s.is_enabled
                WHERE a.id = ? AND a.is_active""")
                .param(agentId)
                .query((row, n) -> new Object[] {row.getArray("permissions") == null ? null : Rows.strings(row, "permissions"),
                        Rows.nullableLong(row, "skill_id"), row.getString("skill_name")})
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<String> permissions = (List<String>) rows.getFirst()[0];
        Map<String, Long> enabled = new HashMap<>();
        for (Object[] row : rows) {
            if (row[1] != null) {
                enabled.put((String) row[2], (Long) row[1]);
            }
        }
        return Optional.of(new AgentState(permissions == null ? List.of() : permissions, permissions != null, enabled));
    }

    /** Sets the agent's switch of each skill (inserting rows as needed); returns how many changed. */
    int setEnabled(long agentId, List<Long> skillIds, boolean enabled) {
        if (skillIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                INSERT INTO agent.agent_tools (agent_id, skill_id, is_enabled)
                SELECT :agent, id, :enabled FROM unnest(CAST(:skills AS bigint[])) AS s(id)
                ON CONFLICT (agent_id, skill_id) DO UPDATE SET is_enabled = excluded.is_enabled
                    WHERE agent.agent_tools.is_enabled IS DISTINCT FROM excluded.is_enabled""")
                .param("agent", agentId).param("enabled", enabled)
                .param("skills", skillIds.toArray(Long[]::new))
                .update();
    }

    /** Switches off every enabled skill of the agent (of one category when given); returns how many. */
    int disableAll(long agentId, String category) {
        return jdbc.sql("""
                UPDATE agent.agent_tools t SET is_enabled = false
                FROM agent.skills s
                WHERE s.id = t.skill_id AND t.agent_id = :agent AND t.is_enabled
                  AND (CAST(:category AS text) IS NULL OR s.category = :category)""")
                .param("agent", agentId).param("category", category).update();
    }

    void setPermissions(long agentId, List<String> permissions) {
        jdbc.sql("""
                INSERT INTO agent.tool_permissions (agent_id, permissions) VALUES (?, ?)
                ON CONFLICT (agent_id) DO UPDATE SET permissions = excluded.permissions, updated_at = now()""")
                .params(agentId, Rows.array(permissions)).update();
    }

    /** Adds counted calls in one statement. */
    void addUsage(List<Usage> usage) {
        if (usage.isEmpty()) {
            return;
        }
        List<Long> agents = new ArrayList<>();
        List<Long> skills = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (Usage u : usage) {
            agents.add(u.agentId());
            skills.add(u.skillId());
            calls.add(u.calls());
            last.add(u.lastUsedAt().toString());
        }
        jdbc.sql("""
                UPDATE agent.agent_tools t SET usage_count = t.usage_count + u.calls,
                    last_used_at = greatest(coalesce(t.last_used_at, u.last_used), u.last_used)
                FROM unnest(CAST(:agents AS bigint[]), CAST(:skills AS bigint[]), CAST(:calls AS bigint[]),
                            CAST(CAST(:last AS text[]) AS timestamptz[])) AS u(agent_id, skill_id, calls, last_used)
                WHERE t.agent_id = u.agent_id AND t.skill_id = u.skill_id""")
                .param("agents", agents.toArray(Long[]::new)).param("skills", skills.toArray(Long[]::new))
                .param("calls", calls.toArray(Long[]::new)).param("last", last.toArray(String[]::new))
                .update();
    }

    private static SkillRow skill(ResultSet rows, int n) throws SQLException {
        return new SkillRow(rows.getLong("id"), rows.getString("name"), rows.getString("display_name"),
                rows.getString("description"), rows.getString("category"), Rows.strings(rows, "required_permissions"),
                rows.getString("version"), rows.getBoolean("is_dangerous"), rows.getBoolean("is_enabled"),
                rows.getString("source"), rows.getString("tools"));
    }
}
