package dev.gathering.memory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Agents' memories and their vectors ({@code memory.memories}, {@code memory.memory_vectors}). */
@Repository
class MemoryRepository {

    record Memory(long id, long agentId, String scope, Long scopeId, String memoryType, String key, String value,
                  double importance, List<String> tags, String sourceType, int accessCount,
                  OffsetDateTime lastAccessedAt, boolean active, OffsetDateTime createdAt, String ownerId) {
    }

    record NewMemory(long agentId, String scope, Long scopeId, String memoryType, String key, String value,
                     double importance, List<String> tags, String sourceType, String ownerId) {
    }

    record Stats(long total, long active, long embedded, Double averageImportance, Map<String, Long> byType) {
    }

    record Text(long id, String text) {
    }

    record Inserted(long id, OffsetDateTime createdAt) {
    }

    private static final String COLUMNS = """
            id, agent_id, scope, scope_id, memory_type, key, value, importance, tags, source_type, access_count,
            last_accessed_at, is_active, created_at, owner_id""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate readOnly;

    MemoryRepository(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /** Inserts the memories in one batch; their ids and creation times, in order. */
    List<Inserted> insert(List<NewMemory> memories) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        template.batchUpdate(connection -> connection.prepareStatement("""
                        INSERT INTO memory.memories (agent_id, scope, scope_id, memory_type, key, value, importance, tags,
                            source_type, owner_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id", "created_at"}),
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        NewMemory memory = memories.get(i);
                        statement.setLong(1, memory.agentId());
                        statement.setString(2, memory.scope());
                        statement.setObject(3, memory.scopeId());
                        statement.setString(4, memory.memoryType());
                        statement.setString(5, memory.key());
                        statement.setString(6, memory.value());
                        statement.setDouble(7, memory.importance());
                        statement.setArray(8, statement.getConnection().createArrayOf("text", Rows.array(memory.tags())));
                        statement.setString(9, memory.sourceType());
                        statement.setString(10, memory.ownerId());
                    }

                    @Override
                    public int getBatchSize() {
                        return memories.size();
                    }
                }, keys);
        return keys.getKeyList().stream().map(row -> new Inserted(((Number) row.get("id")).longValue(),
                createdAt(row.get("created_at")))).toList();
    }

    private static OffsetDateTime createdAt(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        return OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }

    void insertVectors(List<Long> ids, String model, List<float[]> vectors) {
        Vectors.insertRows(template, """
                INSERT INTO memory.memory_vectors (memory_id, model, dimension, vector) VALUES (?, ?, ?, ?)
                ON CONFLICT (memory_id, model) DO NOTHING""", ids, model, vectors);
    }

    /** The active memories among {@code ids}, their access counted (one statement); in no particular order. */
    List<Memory> touch(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("UPDATE memory.memories SET access_count = access_count + 1, last_accessed_at = now() "
                        + "WHERE id = ANY(?) AND is_active RETURNING " + COLUMNS)
                .param(ids.toArray(Long[]::new)).query(MemoryRepository::memory).list();
    }

    /** The memory, active or forgotten, of the agent. */
    Optional<Memory> find(long agentId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM memory.memories WHERE id = ? AND agent_id = ?").params(id, agentId)
                .query(MemoryRepository::memory).optional();
    }

    Optional<Memory> forget(long agentId, long id) {
        return jdbc.sql("UPDATE memory.memories SET is_active = false, forgotten_at = now() "
                        + "WHERE id = ? AND agent_id = ? AND is_active RETURNING " + COLUMNS)
                .params(id, agentId).query(MemoryRepository::memory).optional();
    }

    Stats stats(long agentId, String model, Reader reader) {
        Map<String, Long> byType = new HashMap<>();
        long[] totals = new long[3];
        Double[] average = new Double[1];
        jdbc.sql("""
                SELECT m.memory_type, count(*) AS total, count(*) FILTER (WHERE m.is_active) AS active,
                       count(v.memory_id) FILTER (WHERE m.is_active) AS embedded,
                       sum(m.importance) FILTER (WHERE m.is_active) AS importance
                FROM memory.memories m
                LEFT JOIN memory.memory_vectors v ON v.memory_id = m.id AND v.model = ?
                WHERE m.agent_id = ? AND """ + Reader.MEMORY_FILTER + """

                GROUP BY m.memory_type""").params(concat(List.of(model, agentId), reader.parameters())).query(rows -> {
            totals[0] += rows.getLong("total");
            long active = rows.getLong("active");
            totals[1] += active;
            totals[2] += rows.getLong("embedded");
            double importance = rows.getDouble("importance");
            average[0] = (average[0] == null ? 0 : average[0]) + importance;
            if (active > 0) {
                byType.put(rows.getString("memory_type"), active);
            }
        });
        Double averageImportance = totals[1] == 0 ? null : average[0] / totals[1];
        return new Stats(totals[0], totals[1], totals[2], averageImportance, byType);
    }

    long count(long agentId, String memoryType, boolean includeForgotten, Reader reader) {
        return jdbc.sql("""
                SELECT count(*) FROM memory.memories
                WHERE agent_id = ? AND (is_active OR ?) AND (CAST(? AS text) IS NULL OR memory_type = ?) AND """
                        + Reader.MEMORY_FILTER)
                .params(concat(List.of(agentId, includeForgotten), java.util.Arrays.asList(memoryType, memoryType),
                        reader.parameters()))
                .query(Long.class).single();
    }

    List<Memory> page(long agentId, String memoryType, boolean includeForgotten, int limit, int offset, Reader reader) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM memory.memories
                WHERE agent_id = ? AND (is_active OR ?) AND (CAST(? AS text) IS NULL OR memory_type = ?) AND """
                        + Reader.MEMORY_FILTER + """

                ORDER BY id DESC LIMIT ? OFFSET ?""")
                .params(concat(List.of(agentId, includeForgotten), java.util.Arrays.asList(memoryType, memoryType),
                        reader.parameters(), List.of(limit, offset)))
                .query(MemoryRepository::memory).list();
    }

    private static List<Object> concat(List<?>... parts) {
        List<Object> all = new ArrayList<>();
        for (List<?> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    long countAll() {
        return jdbc.sql("SELECT count(*) FROM memory.memories WHERE is_active").query(Long.class).single();
    }

    /** Streams every active memory having a vector of {@code model} (a cursor, 2000 rows at a time). */
    int streamIndexed(String model, Consumer<MemoryIndex.MemoryChange> sink) {
        int[] count = {0};
        readOnly.executeWithoutResult(status -> jdbc.sql("""
                SELECT m.id, m.agent_id, m.memory_type, m.tags, m.owner_id, m.scope, m.scope_id, v.vector
                FROM memory.memories m JOIN memory.memory_vectors v ON v.memory_id = m.id AND v.model = ?
                WHERE m.is_active ORDER BY m.id""").param(model).withFetchSize(2000).query(rows -> {
            sink.accept(change(rows));
            count[0]++;
        }));
        return count[0];
    }

    /** The index state of {@code ids} for {@code model}: a change with its vector, or a removal (forgotten, absent). */
    List<MemoryIndex.MemoryChange> indexed(String model, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<MemoryIndex.MemoryChange> changes = new ArrayList<>();
        jdbc.sql("""
                SELECT m.id, m.agent_id, m.memory_type, m.tags, m.owner_id, m.scope, m.scope_id,
                       CASE WHEN m.is_active THEN v.vector END AS vector
                FROM memory.memories m LEFT JOIN memory.memory_vectors v ON v.memory_id = m.id AND v.model = ?
                WHERE m.id = ANY(?)""").params(model, ids.toArray(Long[]::new))
                .query(rows -> {
                    changes.add(change(rows));
                });
        return changes;
    }

    /** Active memories without a vector of {@code model}, oldest first. */
    List<Text> lackingVector(String model, int limit) {
        return jdbc.sql("""
                SELECT m.id, m.value FROM memory.memories m
                WHERE m.is_active AND NOT EXISTS (
                    SELECT 1 FROM memory.memory_vectors v WHERE v.memory_id = m.id AND v.model = ?)
                ORDER BY m.id LIMIT ?""").params(model, limit)
                .query((rows, row) -> new Text(rows.getLong(1), rows.getString(2))).list();
    }

    /** Memories created or changed within {@code seconds}: (id, agent id, active). */
    List<long[]> recentlyChanged(int seconds) {
        return jdbc.sql("SELECT id, agent_id, is_active FROM memory.memories WHERE updated_at > now() - make_interval(secs => ?)")
                .param(seconds).query((rows, row) -> new long[] {rows.getLong(1), rows.getLong(2), rows.getBoolean(3) ? 1 : 0})
                .list();
    }

    int deleteVectorsExcept(String model) {
        return jdbc.sql("DELETE FROM memory.memory_vectors WHERE model <> ?").param(model).update();
    }

    private static MemoryIndex.MemoryChange change(ResultSet rows) throws SQLException {
        byte[] vector = rows.getBytes("vector");
        return new MemoryIndex.MemoryChange(rows.getLong("id"), rows.getLong("agent_id"), rows.getString("memory_type"),
                Rows.strings(rows, "tags"), vector == null ? null : Vectors.fromBytes(vector), rows.getString("owner_id"),
                rows.getString("scope"), Rows.nullableLong(rows, "scope_id"));
    }

    private static Memory memory(ResultSet rows, int row) throws SQLException {
        return new Memory(rows.getLong("id"), rows.getLong("agent_id"), rows.getString("scope"),
                Rows.nullableLong(rows, "scope_id"), rows.getString("memory_type"), rows.getString("key"),
                rows.getString("value"), rows.getDouble("importance"), Rows.strings(rows, "tags"),
                rows.getString("source_type"), rows.getInt("access_count"), Rows.timestamp(rows, "last_accessed_at"),
                rows.getBoolean("is_active"), Rows.timestamp(rows, "created_at"), rows.getString("owner_id"));
    }

}
