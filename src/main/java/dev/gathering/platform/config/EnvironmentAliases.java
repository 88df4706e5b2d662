package dev.gathering.platform.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Maps GatheRing's documented environment variables (and the upstream names it also accepts) onto Spring
 * properties. Spring's relaxed binding cannot express names such as {@code GATHERING_RATE_LIMIT_AUTH} or
 * aliases such as {@code DATABASE_URL}, so this table is the single place that says which variable sets what.
 * The first variable of each list that is set and not blank wins; command-line arguments and system
 * properties still override everything here.
 */
public class EnvironmentAliases implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "gatheringEnvironmentVariables";

    private record Alias(String property, List<String> variables, Function<String, String> convert) {
        Alias(String property, String... variables) {
            this(property, List.of(variables), Function.identity());
        }
    }

    private static final List<Alias> ALIASES = List.of(
            new Alias("server.port", "GATHERING_PORT"),
            new Alias("gathering.home", "GATHERING_HOME"),
            new Alias("gathering.env", "GATHERING_ENV"),
            new Alias("gathering.db.url", "GATHERING_DB_URL", "GATHERING_DATABASE_URL", "DATABASE_URL"),
            new Alias("gathering.db.pool-min", "GATHERING_DB_POOL_MIN"),
            new Alias("gathering.db.pool-max", "GATHERING_DB_POOL_MAX"),
            new Alias("gathering.redis-url", "GATHERING_REDIS_URL", "REDIS_URL"),
            new Alias("gathering.auth.secret-key", "GATHERING_SECRET_KEY", "SECRET_KEY"),
            new Alias("gathering.auth.admin-email", "GATHERING_ADMIN_EMAIL", "ADMIN_EMAIL"),
            new Alias("gathering.auth.admin-password", "GATHERING_ADMIN_PASSWORD", "ADMIN_PASSWORD"),
            new Alias("gathering.auth.admin-password-hash", "GATHERING_ADMIN_PASSWORD_HASH", "ADMIN_PASSWORD_HASH"),
            new Alias("gathering.auth.disabled", "GATHERING_AUTH_DISABLED", "DISABLE_AUTH"),
            new Alias("gathering.web.cors-origins", "GATHERING_CORS_ORIGINS", "CORS_ORIGINS"),
            new Alias("gathering.web.max-body-size", "GATHERING_MAX_BODY_SIZE"),
            new Alias("gathering.rate-limit.auth", "GATHERING_RATE_LIMIT_AUTH"),
            new Alias("gathering.rate-limit.write", "GATHERING_RATE_LIMIT_WRITE"),
            new Alias("gathering.rate-limit.read", "GATHERING_RATE_LIMIT_READ"),
            new Alias("gathering.rate-limit.health", "GATHERING_RATE_LIMIT_HEALTH"),
            new Alias("gathering.rate-limit.trusted-proxies", "GATHERING_TRUSTED_PROXIES"),
            new Alias("gathering.metrics.token", "GATHERING_METRICS_TOKEN"),
            new Alias("gathering.shutdown.drain", "GATHERING_SHUTDOWN_DRAIN"),
            new Alias("gathering.llm.timeout", "GATHERING_LLM_TIMEOUT"),
            new Alias("gathering.llm.max-retries", "GATHERING_LLM_MAX_RETRIES"),
            new Alias("gathering.llm.tool-timeout", "GATHERING_LLM_TOOL_TIMEOUT"),
            new Alias("gathering.circles.worker-enabled", "GATHERING_CIRCLES_WORKER_ENABLED"),
            new Alias("gathering.circles.stop-timeout", "GATHERING_CIRCLES_STOP_TIMEOUT"),
            new Alias("gathering.events.max-concurrent-handlers", "GATHERING_EVENTS_MAX_CONCURRENT_HANDLERS"),
            new Alias("gathering.events.dedup", "GATHERING_EVENTS_DEDUP"),
            new Alias("gathering.events.dedup-window", "GATHERING_EVENTS_DEDUP_WINDOW"),
            new Alias("gathering.events.history-size", "GATHERING_EVENTS_HISTORY_SIZE"),
            new Alias("gathering.events.queue-capacity", "GATHERING_EVENTS_QUEUE_CAPACITY"),
            new Alias("gathering.events.stream-queue-capacity", "GATHERING_EVENTS_STREAM_QUEUE_CAPACITY"),
            new Alias("gathering.events.block-timeout", "GATHERING_EVENTS_BLOCK_TIMEOUT"),
            new Alias("gathering.events.relay", "GATHERING_EVENTS_RELAY"),
            new Alias("gathering.memory.embedding-provider", "GATHERING_EMBEDDING_PROVIDER"),
            new Alias("gathering.memory.embedding-model", "GATHERING_EMBEDDING_MODEL"),
            new Alias("gathering.memory.embedding-threads", "GATHERING_EMBEDDING_THREADS"),
            new Alias("gathering.memory.embedding-cache", "GATHERING_EMBEDDING_CACHE"),
            new Alias("gathering.memory.hnsw-threshold", "GATHERING_MEMORY_HNSW_THRESHOLD"),
            new Alias("gathering.memory.upload-max-size", "GATHERING_MEMORY_UPLOAD_MAX_SIZE"),
            new Alias("gathering.memory.batch-max", "GATHERING_MEMORY_BATCH_MAX"),
            new Alias("gathering.workspace.root", "GATHERING_WORKSPACE_ROOT", "WORKSPACE_ROOT"),
            new Alias("gathering.workspace.allowed", "GATHERING_WORKSPACE_ALLOWED"),
            new Alias("gathering.workspace.exec", "GATHERING_WORKSPACE_EXEC"),
            new Alias("gathering.workspace.exec-timeout", "GATHERING_WORKSPACE_EXEC_TIMEOUT"),
            new Alias("gathering.workspace.terminal-idle", "GATHERING_WORKSPACE_TERMINAL_IDLE"),
            new Alias("gathering.workspace.terminal-shell", "GATHERING_WORKSPACE_SHELL"),
            new Alias("gathering.lsp.idle", "GATHERING_LSP_IDLE"),
            new Alias("logging.level.root", "GATHERING_LOG_LEVEL", "LOG_LEVEL"),
            new Alias("logging.structured.format.console", List.of("GATHERING_LOG_FORMAT"),
                    format -> format.equalsIgnoreCase("json") ? "logstash" : null));

    private final Function<String, String> variables;

    public EnvironmentAliases() {
        this(System::getenv);
    }

    EnvironmentAliases(Function<String, String> variables) {
        this.variables = variables;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = resolve();
        if (!properties.isEmpty()) {
            environment.getPropertySources().addAfter(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new MapPropertySource(SOURCE_NAME, properties));
        }
    }

    Map<String, Object> resolve() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Alias alias : ALIASES) {
            alias.variables().stream()
                    .map(variables)
                    .filter(value -> value != null && !value.isBlank())
                    .findFirst()
                    .map(value -> alias.convert().apply(value.trim()))
                    .ifPresent(value -> properties.put(alias.property(), value));
        }
        return properties;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }
}
