package dev.gathering.memory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The knowledge base and its vectors ({@code memory.knowledge_base}, {@code memory.knowledge_vectors}). */
@Repository
class KnowledgeRepository {

    record Entry(long id, String title, String content, String category, Long projectId, Long circleId,
                 boolean isGlobal, List<String> tags, String sourceUrl, Long authorAgentId, String filename,
                 String format, Long documentId, Integer chunkIndex, OffsetDateTime createdAt, String ownerId) {
    }

    record NewEntry(String title, String content, String category, Long projectId, Long circleId, boolean isGlobal,
                    List<String> tags, String sourceUrl, Long authorAgentId, String filename, String format,
                    Long documentId, Integer chunkIndex, String ownerId) {
    }

    /**
     * Which entries a search or list may see: those of the project or of the circle, and global ones when
     * {@code includeGlobal}; with neither project nor circle, every entry (global ones only when {@code includeGlobal}).
     */
    record Scope(Long projectId, Long circleId, boolean includeGlobal, String category) {

        boolean accepts(Long entryProject, Long entryCircle, boolean entryGlobal, String entryCategory) {
            if (category != null && !category.equals(entryCategory)) {
                return false;
            }
            if (projectId == null && circleId == null) {
                return includeGlobal || !entryGlobal;
            }
            return (projectId != null && projectId.equals(entryProject)) || (circleId != null && circleId.equals(entryCircle))
                    || (includeGlobal && entryGlobal);
        }
    }

    record Ranked(long id, double rank) {
    }

    private static final String COLUMNS = """
            id, title, content, category, project_id, circle_id, is_global, tags, source_url, author_agent_id, filename,
            format, document_id, chunk_index, created_at, owner_id""";

    /** The SQL form of {@link Scope#accepts}; parameters: see {@link #scopeParams}. */
    private static final String SCOPE = """
            (CAST(? AS text) IS NULL OR category = ?)
            AND CASE WHEN CAST(? AS bigint) IS NULL AND CAST(? AS bigint) IS NULL THEN (? OR NOT is_global)
                     ELSE project_id = ? OR circle_id = ? OR (? AND is_global) END""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate readOnly;

    KnowledgeRepository(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.template = template;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    List<Long> insert(List<NewEntry> entries) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        template.batchUpdate(connection -> connection.prepareStatement("""
                        INSERT INTO memory.knowledge_base (title, content, category, project_id, circle_id, is_global, tags,
                            source_url, author_agent_id, filename, format, document_id, chunk_index, owner_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"}),
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        NewEntry entry = entries.get(i);
                        statement.setString(1, entry.title());
                        statement.setString(2, entry.content());
                        statement.setString(3, entry.category());
                        statement.setObject(4, entry.projectId());
                        statement.setObject(5, entry.circleId());
                        statement.setBoolean(6, entry.isGlobal());
                        statement.setArray(7, statement.getConnection().createArrayOf("text", Rows.array(entry.tags())));
                        statement.setString(8, entry.sourceUrl());
                        statement.setObject(9, entry.authorAgentId());
                        statement.setString(10, entry.filename());
                        statement.setString(11, entry.format());
                        statement.setObject(12, entry.documentId());
                        statement.setObject(13, entry.chunkIndex());
                        statement.setString(14, entry.ownerId());
                    }

                    @Override
                    public int getBatchSize() {
                        return entries.size();
                    }
                }, keys);
        return keys.getKeyList().stream().map(row -> ((Number) row.get("id")).longValue()).toList();
    }

    void insertVectors(List<Long> ids, String model, List<float[]> vectors) {
        Vectors.insertRows(template, """
                INSERT INTO memory.knowledge_vectors (entry_id, model, dimension, vector) VALUES (?, ?, ?, ?)
                ON CONFLICT (entry_id, model) DO NOTHING""", ids, model, vectors);
    }

    /** The active entries among {@code ids}, in no particular order. */
    List<Entry> active(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM memory.knowledge_base WHERE id = ANY(?) AND is_active")
                .param(ids.toArray(Long[]::new)).query(KnowledgeRepository::entry).list();
    }

    /** Full-text matches (any of the query's words, stemmed), best first. */
    List<Ranked> keyword(String query, Scope scope, int limit, Reader reader) {
        return jdbc.sql("""
                SELECT id, ts_rank_cd(search, q) AS rank
                FROM memory.knowledge_base,
                     (SELECT CAST(replace(CAST(plainto_tsquery('english', ?) AS text), ' & ', ' | ') AS tsquery) AS q) query
                WHERE is_active AND search @@ q AND """ + SCOPE + " AND " + Reader.ENTRY_FILTER + """

                ORDER BY rank DESC, id DESC LIMIT ?""")
                .params(concat(List.of(query), scopeParams(scope), reader.parameters(), List.of(limit)))
                .query((rows, row) -> new Ranked(rows.getLong("id"), rows.getDouble("rank"))).list();
    }

    long count(String category, Reader reader) {
        return jdbc.sql("SELECT count(*) FROM memory.knowledge_base WHERE is_active AND (CAST(? AS text) IS NULL OR category = ?) AND "
                        + Reader.ENTRY_FILTER)
                .params(concat(java.util.Arrays.asList(category, category), reader.parameters())).query(Long.class).single();
    }

    List<Entry> page(String category, int limit, int offset, Reader reader) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM memory.knowledge_base
                WHERE is_active AND (CAST(? AS text) IS NULL OR category = ?) AND """ + Reader.ENTRY_FILTER + """

                ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?""")
                .params(concat(java.util.Arrays.asList(category, category), reader.parameters(), List.of(limit, offset)))
                .query(KnowledgeRepository::entry).list();
    }

    /** The active entry, whoever may see it. */
    java.util.Optional<Entry> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM memory.knowledge_base WHERE id = ? AND is_active").param(id)
                .query(KnowledgeRepository::entry).optional();
    }

    /** Active entries {@code reader} sees, by category (null: none), most numerous first. */
    Map<String, Long> countsByCategory(Reader reader) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT category, count(*) AS entries FROM memory.knowledge_base WHERE is_active AND """
                        + Reader.ENTRY_FILTER + """

                GROUP BY category ORDER BY entries DESC, category""")
                .params(reader.parameters())
                .query(rows -> {
                    counts.put(rows.getString("category") == null ? "uncategorized" : rows.getString("category"),
                            rows.getLong("entries"));
                });
        return counts;
    }

    List<Entry> recent(int limit, Reader reader) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM memory.knowledge_base WHERE is_active AND " + Reader.ENTRY_FILTER
                        + " ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(concat(reader.parameters(), List.of(limit))).query(KnowledgeRepository::entry).list();
    }

    /** Deactivates an entry and, when it is a document, its chunks; the ids deactivated. */
    List<Long> deactivate(long id) {
        return jdbc.sql("""
                UPDATE memory.knowledge_base SET is_active = false
                WHERE (id = ? OR document_id = ?) AND is_active RETURNING id""")
                .params(id, id).query(Long.class).list();
    }

    long countAll() {
        return jdbc.sql("SELECT count(*) FROM memory.knowledge_base WHERE is_active").query(Long.class).single();
    }

    int streamIndexed(String model, Consumer<MemoryIndex.KnowledgeChange> sink) {
        int[] count = {0};
        readOnly.executeWithoutResult(status -> jdbc.sql("""
                SELECT k.id, k.category, k.project_id, k.circle_id, k.is_global, k.tags, k.owner_id, v.vector
                FROM memory.knowledge_base k JOIN memory.knowledge_vectors v ON v.entry_id = k.id AND v.model = ?
                WHERE k.is_active ORDER BY k.id""").param(model).withFetchSize(2000).query(rows -> {
            sink.accept(change(rows));
            count[0]++;
        }));
        return count[0];
    }

    List<MemoryIndex.KnowledgeChange> indexed(String model, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<MemoryIndex.KnowledgeChange> changes = new ArrayList<>();
        jdbc.sql("""
                SELECT k.id, k.category, k.project_id, k.circle_id, k.is_global, k.tags, k.owner_id,
                       CASE WHEN k.is_active THEN v.vector END AS vector
                FROM memory.knowledge_base k LEFT JOIN memory.knowledge_vectors v ON v.entry_id = k.id AND v.model = ?
                WHERE k.id = ANY(?)""").params(model, ids.toArray(Long[]::new))
                .query(rows -> {
                    changes.add(change(rows));
                });
        return changes;
    }

    List<MemoryRepository.Text> lackingVector(String model, int limit) {
        return jdbc.sql("""
                SELECT k.id, k.title, k.content FROM memory.knowledge_base k
                WHERE k.is_active AND NOT EXISTS (
                    SELECT 1 FROM memory.knowledge_vectors v WHERE v.entry_id = k.id AND v.model = ?)
                ORDER BY k.id LIMIT ?""").params(model, limit)
                .query((rows, row) -> new MemoryRepository.Text(rows.getLong(1), embeddingText(rows.getString(2),
                        rows.getString(3)))).list();
    }

    /** Entries created or changed within {@code seconds}: (id, active). */
    List<long[]> recentlyChanged(int seconds) {
        return jdbc.sql("SELECT id, is_active FROM memory.knowledge_base WHERE updated_at > now() - make_interval(secs => ?)")
                .param(seconds).query((rows, row) -> new long[] {rows.getLong(1), rows.getBoolean(2) ? 1 : 0}).list();
    }

    int deleteVectorsExcept(String model) {
        return jdbc.sql("DELETE FROM memory.knowledge_vectors WHERE model <> ?").param(model).update();
    }

    /** What is embedded for an entry: its title and content. */
    static String embeddingText(String title, String content) {
        return title + "\n\n" + content;
    }

    private static List<Object> scopeParams(Scope scope) {
        List<Object> params = new ArrayList<>();
        params.add(scope.category());
        params.add(scope.category());
        params.add(scope.projectId());
        params.add(scope.circleId());
        params.add(scope.includeGlobal());
        params.add(scope.projectId());
        params.add(scope.circleId());
        params.add(scope.includeGlobal());
        return params;
    }

    private static List<Object> concat(List<?>... parts) {
        List<Object> all = new ArrayList<>();
        for (List<?> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static MemoryIndex.KnowledgeChange change(ResultSet rows) throws SQLException {
        byte[] vector = rows.getBytes("vector");
        return new MemoryIndex.KnowledgeChange(rows.getLong("id"), rows.getString("category"),
                Rows.nullableLong(rows, "project_id"), Rows.nullableLong(rows, "circle_id"), rows.getBoolean("is_global"),
                Rows.strings(rows, "tags"), vector == null ? null : Vectors.fromBytes(vector), rows.getString("owner_id"));
    }

    private static Entry entry(ResultSet rows, int row) throws SQLException {
        return new Entry(rows.getLong("id"), rows.getString("title"), rows.getString("content"), rows.getString("category"),
                Rows.nullableLong(rows, "project_id"), Rows.nullableLong(rows, "circle_id"), rows.getBoolean("is_global"),
                Rows.strings(rows, "tags"), rows.getString("source_url"), Rows.nullableLong(rows, "author_agent_id"),
                rows.getString("filename"), rows.getString("format"), Rows.nullableLong(rows, "document_id"),
                Rows.nullableInt(rows, "chunk_index"), Rows.timestamp(rows, "created_at"), rows.getString("owner_id"));
    }
}
