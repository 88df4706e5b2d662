package dev.gathering.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void theUpstreamFormBecomesJdbcWithCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p%40ss@db.internal:6543/gathering?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/gathering?sslmode=require");
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.describe()).isEqualTo("db.internal:6543/gathering");
    }

    @Test
    void postgresSchemeAndJdbcFormAreAccepted() {
        assertThat(DatabaseUrl.parse("postgres://localhost/x").jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/x");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h:1/d?user=u").jdbcUrl()).isEqualTo("jdbc:postgresql://h:1/d?user=u");
    }

    @Test
    void otherSchemesAreRefusedWithoutLeakingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/x"))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("mysql://root:***@db/x")
                .hasMessageNotContaining("hunter2");
    }
}
