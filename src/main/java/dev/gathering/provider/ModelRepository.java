package dev.gathering.provider;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ModelRepository {

    private static final String SELECT = """
            SELECT m.id, m.provider_id, p.name AS provider_name, m.model_name, m.model_alias, m.pricing_in, m.pricing_out,
                   m.pricing_cache_read, m.pricing_cache_write, m.extended_thinking, m.vision, m.function_calling,
                   m.streaming, m.context_window, m.max_output, m.release_date, m.is_deprecated, m.created_at, m.updated_at
            FROM agent.models m JOIN agent.providers p ON p.id = m.provider_id
            """;

    private final JdbcClient jdbc;

    ModelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Model> find(Long providerId, boolean includeDeprecated) {
        return jdbc.sql(SELECT + """
                WHERE (CAST(:provider AS BIGINT) IS NULL OR m.provider_id = :provider)
                  AND (:deprecated OR NOT m.is_deprecated)
                ORDER BY p.name, m.model_name""")
                .param("provider", providerId).param("deprecated", includeDeprecated)
                .query(Model.class).list();
    }

    Optional<Model> findById(long id) {
        return jdbc.sql(SELECT + " WHERE m.id = ?").param(id).query(Model.class).optional();
    }

    Optional<Model> findByName(long providerId, String modelName) {
        return jdbc.sql(SELECT + " WHERE m.provider_id = ? AND m.model_name = ?").params(providerId, modelName)
                .query(Model.class).optional();
    }

    Optional<Long> insert(ModelController.ModelCreate model) {
        return jdbc.sql("""
                INSERT INTO agent.models (provider_id, model_name, model_alias, pricing_in, pricing_out, pricing_cache_read,
                    pricing_cache_write, extended_thinking, vision, function_calling, streaming, context_window, max_output,
                    release_date, is_deprecated)
                VALUES (:provider_id, :model_name, :model_alias, :pricing_in, :pricing_out, :pricing_cache_read,
                    :pricing_cache_write, :extended_thinking, :vision, :function_calling, :streaming, :context_window,
                    :max_output, :release_date, :is_deprecated)
                ON CONFLICT (provider_id, model_name) DO NOTHING RETURNING id""")
                .param("provider_id", model.providerId()).param("model_name", model.modelName())
                .param("model_alias", model.modelAlias())
                .param("pricing_in", orZero(model.pricingIn())).param("pricing_out", orZero(model.pricingOut()))
                .param("pricing_cache_read", orZero(model.pricingCacheRead()))
                .param("pricing_cache_write", orZero(model.pricingCacheWrite()))
                .param("extended_thinking", model.extendedThinking()).param("vision", model.vision())
                .param("function_calling", model.functionCalling()).param("streaming", model.streaming())
                .param("context_window", model.contextWindow()).param("max_output", model.maxOutput())
                .param("release_date", model.releaseDate()).param("is_deprecated", model.isDeprecated())
                .query(Long.class).optional();
    }

    int update(long id, ModelController.ModelUpdate update) {
        return jdbc.sql("""
                UPDATE agent.models SET model_alias = coalesce(:alias, model_alias),
                    pricing_in = coalesce(:pricing_in, pricing_in), pricing_out = coalesce(:pricing_out, pricing_out),
                    is_deprecated = coalesce(:deprecated, is_deprecated)
                WHERE id = :id""")
                .param("alias", update.modelAlias()).param("pricing_in", update.pricingIn())
                .param("pricing_out", update.pricingOut()).param("deprecated", update.isDeprecated()).param("id", id)
                .update();
    }

    int delete(long id) {
        return jdbc.sql("DELETE FROM agent.models WHERE id = ?").param(id).update();
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
