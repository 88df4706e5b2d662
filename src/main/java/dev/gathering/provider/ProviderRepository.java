package dev.gathering.provider;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ProviderRepository {

    private static final String SELECT = """
            SELECT p.id, p.name, p.api_type, p.api_base_url, p.is_local, p.is_builtin, p.api_key_encrypted,
                   p.settings_base_url, p.default_model, p.created_at, count(m.id) AS model_count
            FROM agent.providers p LEFT JOIN agent.models m ON m.provider_id = p.id
            """;

    private final JdbcClient jdbc;

    ProviderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Provider> findAll() {
        return jdbc.sql(SELECT + " GROUP BY p.id ORDER BY p.name").query(Provider.class).list();
    }

    Optional<Provider> findById(long id) {
        return jdbc.sql(SELECT + " WHERE p.id = ? GROUP BY p.id").param(id).query(Provider.class).optional();
    }

    Optional<Provider> findByName(String name) {
        return jdbc.sql(SELECT + " WHERE p.name = lower(?) GROUP BY p.id").param(name).query(Provider.class).optional();
    }

    Optional<Long> insert(String name, String apiType, String apiBaseUrl, boolean isLocal) {
        return jdbc.sql("""
                INSERT INTO agent.providers (name, api_type, api_base_url, is_local) VALUES (lower(?), ?, ?, ?)
                ON CONFLICT (name) DO NOTHING RETURNING id""")
                .params(name, apiType, apiBaseUrl, isLocal).query(Long.class).optional();
    }

    ProviderService.Counts counts() {
        return jdbc.sql("""
                SELECT (SELECT count(*) FROM agent.providers) AS providers,
                       (SELECT count(*) FROM agent.models WHERE NOT is_deprecated) AS models""")
                .query(ProviderService.Counts.class).single();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM agent.providers WHERE id = ?").param(id).update();
    }

    void updateSettings(long id, String apiKeyEncrypted, boolean clearKey, String baseUrl, String defaultModel) {
        jdbc.sql("""
                UPDATE agent.providers SET
                    api_key_encrypted = CASE WHEN :clear THEN NULL ELSE coalesce(:key, api_key_encrypted) END,
                    settings_base_url = coalesce(:base_url, settings_base_url),
                    default_model = coalesce(:default_model, default_model)
                WHERE id = :id""")
                .param("clear", clearKey).param("key", apiKeyEncrypted).param("base_url", baseUrl)
                .param("default_model", defaultModel).param("id", id)
                .update();
    }
}
