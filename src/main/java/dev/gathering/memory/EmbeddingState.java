package dev.gathering.memory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedding model in use and the progress of a re-embedding, in {@code memory.embedding_state} (one row shared by
 * every instance).
 */
@Repository
class EmbeddingState {

    record Reindex(String status, String from, String to, long total, long done, String error,
                   OffsetDateTime startedAt, OffsetDateTime finishedAt, OffsetDateTime leaseUntil) {
    }

    record State(EmbeddingSpec active, EmbeddingSpec target, Reindex reindex) {
    }

    /** The advisory lock writers share and the model switch takes alone ("memory" in ASCII). */
    static final long SWITCH_LOCK = 0x6d656d6f7279L;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EmbeddingState(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Creates the row with {@code initial} as the active model when there is none yet; returns the state. */
    State ensure(EmbeddingSpec initial) {
        jdbc.sql("INSERT INTO memory.embedding_state (active) VALUES (CAST(? AS jsonb)) ON CONFLICT (id) DO NOTHING")
                .param(write(initial)).update();
        return read();
    }

    State read() {
        return jdbc.sql("SELECT * FROM memory.embedding_state").query((rows, row) -> new State(
                spec(rows.getString("active")), spec(rows.getString("target")),
                new Reindex(rows.getString("reindex_status"), rows.getString("reindex_from"), rows.getString("reindex_to"),
                        rows.getLong("reindex_total"), rows.getLong("reindex_done"), rows.getString("reindex_error"),
                        Rows.timestamp(rows, "reindex_started_at"), Rows.timestamp(rows, "reindex_finished_at"),
                        Rows.timestamp(rows, "lease_until")))).single();
    }

    /**
     * The active model, read in the caller's transaction under a shared lock: the switch to another model waits for the
     * transaction, so what it writes has a vector of the model active when it commits.
     */
    EmbeddingSpec activeForShare() {
        // a shared advisory lock: as cheap as a lock gets, where FOR SHARE would write the row for each writer
        return spec(jdbc.sql("SELECT s.active FROM pg_advisory_xact_lock_shared(?) l, memory.embedding_state s")
                .param(SWITCH_LOCK).query(String.class).single());
    }

    /** The active model, locked against writers until the caller's transaction ends. */
    State lockForSwitch() {
        jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?) l").param(SWITCH_LOCK).query(Integer.class).single();
        return read();
    }

    /** Same model, other thresholds. */
    void updateActive(EmbeddingSpec spec) {
        jdbc.sql("UPDATE memory.embedding_state SET active = CAST(? AS jsonb), updated_at = now()").param(write(spec)).update();
    }

    /** Starts re-embedding towards {@code target} unless another one is running with a live lease. */
    boolean begin(EmbeddingSpec from, EmbeddingSpec target, long total, Duration lease) {
        return jdbc.sql("""
                UPDATE memory.embedding_state SET target = CAST(? AS jsonb), reindex_status = 'running', reindex_total = ?,
                    reindex_done = 0, reindex_from = ?, reindex_to = ?, reindex_error = NULL, reindex_started_at = now(),
                    reindex_finished_at = NULL, lease_until = now() + CAST(? AS interval), updated_at = now()
                WHERE reindex_status <> 'running' OR lease_until IS NULL OR lease_until < now()""")
                .params(write(target), total, from.key(), target.key(), lease.toMillis() + " milliseconds").update() == 1;
    }

    /** Takes over an abandoned re-embedding (its lease lapsed); the target when taken. */
    Optional<EmbeddingSpec> resume(Duration lease) {
        return jdbc.sql("""
                UPDATE memory.embedding_state SET lease_until = now() + CAST(? AS interval), updated_at = now()
                WHERE reindex_status = 'running' AND target IS NOT NULL AND (lease_until IS NULL OR lease_until < now())
                RETURNING target""").param(lease.toMillis() + " milliseconds").query(String.class).optional().map(this::spec);
    }

    /** Records progress and renews the lease; false when the re-embedding was taken over or cancelled meanwhile. */
    boolean progress(String targetKey, long done, long total, Duration lease) {
        return jdbc.sql("""
                UPDATE memory.embedding_state SET reindex_done = ?, reindex_total = GREATEST(reindex_total, ?),
                    lease_until = now() + CAST(? AS interval), updated_at = now()
                WHERE reindex_status = 'running' AND reindex_to = ?""")
                .params(done, total, lease.toMillis() + " milliseconds", targetKey).update() == 1;
    }

    /** In the switch transaction: the target becomes the active model. */
    void complete(EmbeddingSpec target, long done) {
        jdbc.sql("""
                UPDATE memory.embedding_state SET active = CAST(? AS jsonb), target = NULL, reindex_status = 'completed',
                    reindex_done = ?, reindex_total = GREATEST(reindex_total, ?), reindex_finished_at = now(),
                    lease_until = NULL, updated_at = now()""").params(write(target), done, done).update();
    }

    void fail(String targetKey, String error) {
        jdbc.sql("""
                UPDATE memory.embedding_state SET target = NULL, reindex_status = 'failed', reindex_error = ?,
                    reindex_finished_at = now(), lease_until = NULL, updated_at = now()
                WHERE reindex_status = 'running' AND reindex_to = ?""").params(error, targetKey).update();
    }

    private String write(EmbeddingSpec spec) {
        return json.writeValueAsString(spec.toMap());
    }

    private EmbeddingSpec spec(String value) {
        if (value == null) {
            return null;
        }
        JsonNode node = json.readTree(value);
        String provider = node.path("provider").asString();
        String model = node.path("model").asString();
        return new EmbeddingSpec(provider, model, node.path("dimension").asInt(), node.path("ask_dimension").asBoolean(false),
                node.path("recall_threshold").asDouble(EmbeddingSpec.defaultRecallThreshold(provider, model)),
                node.path("chat_threshold").asDouble(EmbeddingSpec.defaultChatThreshold(provider, model)));
    }

}
