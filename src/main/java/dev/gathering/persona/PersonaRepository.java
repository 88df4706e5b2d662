package dev.gathering.persona;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.gathering.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PersonaRepository {

    private static final String SELECT = """
            SELECT p.*, m.model_alias AS default_model_alias
            FROM agent.personas p LEFT JOIN agent.models m ON m.id = p.default_model_id
            """;

    private final JdbcClient jdbc;

    PersonaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Persona> findAll() {
        return jdbc.sql(SELECT + " ORDER BY p.is_builtin DESC, p.display_name").query(PersonaRepository::map).list();
    }

    Optional<Persona> findById(long id) {
        return jdbc.sql(SELECT + " WHERE p.id = ?").param(id).query(PersonaRepository::map).optional();
    }

    boolean nameTaken(String displayName, Long exceptId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM agent.personas WHERE lower(display_name) = lower(?) AND id <> coalesce(?, -1))")
                .params(displayName, exceptId).query(Boolean.class).single();
    }

    long insert(PersonaController.PersonaWrite persona, String ownerId) {
        return jdbc.sql("""
                INSERT INTO agent.personas (display_name, role, base_prompt, full_prompt, traits, communication_style,
                    specializations, languages, motto, description, default_model_id, owner_id)
                VALUES (:display_name, :role, :base_prompt, :full_prompt, :traits, coalesce(CAST(:style AS text), 'balanced'),
                    :specializations, coalesce(CAST(:languages AS text[]), '{en}'), :motto, :description, :default_model_id, :owner_id)
                RETURNING id""")
                .param("owner_id", ownerId)
                .param("display_name", persona.displayName().trim()).param("role", persona.role())
                .param("base_prompt", persona.basePrompt()).param("full_prompt", persona.fullPrompt())
                .param("traits", Rows.array(persona.traits())).param("style", persona.communicationStyle())
                .param("specializations", Rows.array(persona.specializations()))
                .param("languages", persona.languages() == null ? null : Rows.array(persona.languages()))
                .param("motto", persona.motto()).param("description", persona.description())
                .param("default_model_id", persona.defaultModelId())
                .query(Long.class).single();
    }

    void update(long id, PersonaController.PersonaWrite persona) {
        jdbc.sql("""
                UPDATE agent.personas SET display_name = coalesce(:display_name, display_name),
                    role = coalesce(:role, role), base_prompt = coalesce(:base_prompt, base_prompt),
                    full_prompt = coalesce(:full_prompt, full_prompt), traits = coalesce(:traits, traits),
                    communication_style = coalesce(:style, communication_style),
                    specializations = coalesce(:specializations, specializations),
                    languages = coalesce(:languages, languages), motto = coalesce(:motto, motto),
                    description = coalesce(:description, description),
                    default_model_id = coalesce(:default_model_id, default_model_id)
                WHERE id = :id""")
                .param("display_name", persona.displayName() == null ? null : persona.displayName().trim())
                .param("role", persona.role()).param("base_prompt", persona.basePrompt())
                .param("full_prompt", persona.fullPrompt())
                .param("traits", persona.traits() == null ? null : Rows.array(persona.traits()))
                .param("style", persona.communicationStyle())
                .param("specializations", persona.specializations() == null ? null : Rows.array(persona.specializations()))
                .param("languages", persona.languages() == null ? null : Rows.array(persona.languages()))
                .param("motto", persona.motto()).param("description", persona.description())
                .param("default_model_id", persona.defaultModelId()).param("id", id)
                .update();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM agent.personas WHERE id = ?").param(id).update();
    }

    private static Persona map(ResultSet rows, int row) throws SQLException {
        return new Persona(rows.getLong("id"), rows.getString("display_name"), rows.getString("role"),
                rows.getString("base_prompt"), rows.getString("full_prompt"), Rows.strings(rows, "traits"),
                rows.getString("communication_style"), Rows.strings(rows, "specializations"),
                Rows.strings(rows, "languages"), rows.getString("motto"), rows.getString("description"),
                Rows.nullableLong(rows, "default_model_id"), rows.getString("default_model_alias"),
                rows.getBoolean("is_builtin"), Rows.timestamp(rows, "created_at"), Rows.timestamp(rows, "updated_at"),
                rows.getString("owner_id"));
    }
}
