package dev.gathering.plugin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code plugin.plugins} and {@code plugin.available}. */
@Repository
class PluginRepository {

    record PluginRow(String id, String kind, String name, String version, String description, String author,
                     String license, String homepage, List<String> tags, String configSealed, String publicConfig,
                     String manifest, List<String> permissions, boolean enabled, long revision, String ownerId,
                     OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    record AvailableRow(String id, String path, String manifest, OffsetDateTime discoveredAt) {
    }

    private static final String COLUMNS = """
            id, kind, name, version, description, author, license, homepage, tags, config_sealed,
            public_config::text AS public_config, manifest::text AS manifest, permissions, is_enabled, revision, owner_id,
            created_at, updated_at""";

    private final JdbcClient jdbc;

    PluginRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<PluginRow> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM plugin.plugins ORDER BY id").query(PluginRepository::map).list();
    }

    Optional<PluginRow> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM plugin.plugins WHERE id = ?").param(id).query(PluginRepository::map).optional();
    }

    /** Inserts the plugin, or replaces its definition (a new revision); false when another owner's plugin has the id. */
    void upsert(PluginRow row) {
        jdbc.sql("""
                INSERT INTO plugin.plugins (id, kind, name, version, description, author, license, homepage, tags,
                    config_sealed, public_config, manifest, permissions, is_enabled, owner_id)
                VALUES (:id, :kind, :name, :version, :description, :author, :license, :homepage, :tags, :sealed,
                    :public::jsonb, :manifest::jsonb, :permissions, true, :owner)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, version = excluded.version,
                    description = excluded.description, author = excluded.author, license = excluded.license,
                    homepage = excluded.homepage, tags = excluded.tags, config_sealed = excluded.config_sealed,
                    public_config = excluded.public_config, manifest = excluded.manifest,
                    permissions = excluded.permissions, is_enabled = true, revision = plugin.plugins.revision + 1""")
                .param("id", row.id()).param("kind", row.kind()).param("name", row.name()).param("version", row.version())
                .param("description", row.description()).param("author", row.author()).param("license", row.license())
                .param("homepage", row.homepage()).param("tags", Rows.array(row.tags())).param("sealed", row.configSealed())
                .param("public", row.publicConfig()).param("manifest", row.manifest())
                .param("permissions", Rows.array(row.permissions())).param("owner", row.ownerId())
                .update();
    }

    boolean setEnabled(String id, boolean enabled) {
        return jdbc.sql("UPDATE plugin.plugins SET is_enabled = ?, revision = revision + 1 WHERE id = ? AND is_enabled <> ?")
                .params(enabled, id, enabled).update() > 0;
    }

    boolean delete(String id) {
        return jdbc.sql("DELETE FROM plugin.plugins WHERE id = ?").param(id).update() > 0;
    }

    void saveAvailable(String id, String path, String manifest) {
        jdbc.sql("""
                INSERT INTO plugin.available (id, path, manifest) VALUES (?, ?, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET path = excluded.path, manifest = excluded.manifest, discovered_at = now()""")
                .params(id, path, manifest).update();
    }

    List<AvailableRow> available() {
        return jdbc.sql("SELECT id, path, manifest::text AS manifest, discovered_at FROM plugin.available ORDER BY id")
                .query((rows, n) -> new AvailableRow(rows.getString("id"), rows.getString("path"), rows.getString("manifest"),
                        Rows.timestamp(rows, "discovered_at"))).list();
    }

    Optional<AvailableRow> findAvailable(String id) {
        return jdbc.sql("SELECT id, path, manifest::text AS manifest, discovered_at FROM plugin.available WHERE id = ?")
                .param(id)
                .query((rows, n) -> new AvailableRow(rows.getString("id"), rows.getString("path"), rows.getString("manifest"),
                        Rows.timestamp(rows, "discovered_at"))).optional();
    }

    private static PluginRow map(ResultSet rows, int n) throws SQLException {
        return new PluginRow(rows.getString("id"), rows.getString("kind"), rows.getString("name"), rows.getString("version"),
                rows.getString("description"), rows.getString("author"), rows.getString("license"),
                rows.getString("homepage"), Rows.strings(rows, "tags"), rows.getString("config_sealed"),
                rows.getString("public_config"), rows.getString("manifest"), Rows.strings(rows, "permissions"),
                rows.getBoolean("is_enabled"), rows.getLong("revision"), rows.getString("owner_id"),
                Rows.timestamp(rows, "created_at"), Rows.timestamp(rows, "updated_at"));
    }
}
