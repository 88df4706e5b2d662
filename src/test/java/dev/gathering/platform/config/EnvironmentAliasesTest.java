package dev.gathering.platform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EnvironmentAliasesTest {

    @Test
    void gatheringNamesWinOverUpstreamAliases() {
        Map<String, String> env = Map.of(
                "GATHERING_DB_URL", "postgresql://a@h/one",
                "DATABASE_URL", "postgresql://b@h/two",
                "SECRET_KEY", "upstream-secret-upstream-secret-1234",
                "GATHERING_RATE_LIMIT_AUTH", "7",
                "GATHERING_DB_POOL_MAX", "50",
                "GATHERING_LOG_FORMAT", "json",
                "REDIS_URL", "redis://r:6379");

        Map<String, Object> properties = new EnvironmentAliases(env::get).resolve();

        assertThat(properties).containsEntry("gathering.db.url", "postgresql://a@h/one")
                .containsEntry("gathering.auth.secret-key", "upstream-secret-upstream-secret-1234")
                .containsEntry("gathering.rate-limit.auth", "7")
                .containsEntry("gathering.db.pool-max", "50")
                .containsEntry("logging.structured.format.console", "logstash")
                .containsEntry("gathering.redis-url", "redis://r:6379");
    }

    @Test
    void eventBusSettingsHaveTheirVariables() {
        Map<String, String> env = Map.of("GATHERING_EVENTS_MAX_CONCURRENT_HANDLERS", "8", "GATHERING_EVENTS_DEDUP", "true",
                "GATHERING_EVENTS_DEDUP_WINDOW", "2s", "GATHERING_EVENTS_RELAY", "false");

        assertThat(new EnvironmentAliases(env::get).resolve()).containsEntry("gathering.events.max-concurrent-handlers", "8")
                .containsEntry("gathering.events.dedup", "true")
                .containsEntry("gathering.events.dedup-window", "2s")
                .containsEntry("gathering.events.relay", "false");
    }

    @Test
    void memorySettingsHaveTheirVariables() {
        Map<String, String> env = Map.of("GATHERING_EMBEDDING_PROVIDER", "openai", "GATHERING_EMBEDDING_MODEL",
                "text-embedding-3-small", "GATHERING_MEMORY_UPLOAD_MAX_SIZE", "5MB", "GATHERING_MEMORY_HNSW_THRESHOLD", "20000");

        assertThat(new EnvironmentAliases(env::get).resolve()).containsEntry("gathering.memory.embedding-provider", "openai")
                .containsEntry("gathering.memory.embedding-model", "text-embedding-3-small")
                .containsEntry("gathering.memory.upload-max-size", "5MB")
                .containsEntry("gathering.memory.hnsw-threshold", "20000");
    }

    @Test
    void blankVariablesAreIgnored() {
        Map<String, String> env = Map.of("GATHERING_DB_URL", "  ", "DATABASE_URL", "postgresql://b@h/two");

        assertThat(new EnvironmentAliases(env::get).resolve()).containsEntry("gathering.db.url", "postgresql://b@h/two");
    }
}
