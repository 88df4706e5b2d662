package dev.gathering.auth;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private static final String COLUMNS = "id, external_id, email, name, password_hash, role, is_active, created_at";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<User> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM auth.users WHERE email_lower = lower(?)")
                .param(email)
                .query(User.class)
                .optional();
    }

    Optional<User> findByExternalId(String externalId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM auth.users WHERE external_id = ?")
                .param(externalId)
                .query(User.class)
                .optional();
    }

    List<User> page(int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM auth.users ORDER BY id LIMIT ? OFFSET ?").params(limit, offset)
                .query(User.class).list();
    }

    long count() {
        return jdbc.sql("SELECT count(*) FROM auth.users").query(Long.class).single();
    }

    /** Changes a user's role and/or activity (null: unchanged); empty when there is no such user. */
    Optional<User> update(String externalId, String role, Boolean active) {
        return jdbc.sql("UPDATE auth.users SET role = coalesce(CAST(? AS varchar), role), "
                        + "is_active = coalesce(CAST(? AS boolean), is_active) WHERE external_id = ? RETURNING " + COLUMNS)
                .params(role, active, externalId)
                .query(User.class)
                .optional();
    }

    /** Inserts a user; empty when the e-mail (case-insensitively) is taken. */
    Optional<User> insert(String email, String name, String passwordHash, String role) {
        return jdbc.sql("INSERT INTO auth.users (email, name, password_hash, role) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (email_lower) DO NOTHING RETURNING " + COLUMNS)
                .params(email, name, passwordHash, role)
                .query(User.class)
                .optional();
    }
}
