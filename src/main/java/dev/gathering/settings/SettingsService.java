package dev.gathering.settings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import dev.gathering.platform.db.DatabaseServer;
import dev.gathering.platform.security.SecretBox;
import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.ApiType;
import dev.gathering.provider.Model;
import dev.gathering.provider.Provider;
import dev.gathering.provider.ProviderConnection;
import dev.gathering.provider.ProviderService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Provider settings (API key sealed, base URL, default model: they win over environment variables), a real
 * connectivity test per provider, and application parameters (log level, pool size) applied at once and kept
 * in {@code settings.application} so that they survive restarts.
 */
@Service
class SettingsService {

    record ModelSummary(long id, String modelName, String modelAlias, boolean vision, boolean extendedThinking) {
    }

    record ProviderSettings(String name, String apiType, String apiKey, String apiKeySource, String defaultModel,
                            String baseUrl, boolean isConfigured, List<ModelSummary> models) {
    }

    /**
     * Upstream's fields ({@code host, port, name, user, is_connected, pool_size, max_overflow, extensions}) and ours.
     * The pool holds at most {@code pool_size} connections and never more: {@code max_overflow} is always 0.
     */
    record DatabaseSettings(String host, Integer port, String name, String user, String url, boolean embedded,
                            boolean isConnected, int poolSize, int maxOverflow, int poolMin, int activeConnections,
                            int idleConnections, List<String> extensions) {
    }

    record ApplicationSettings(String environment, boolean debug, String logLevel) {
    }

    record Settings(Map<String, ProviderSettings> providers, DatabaseSettings database, ApplicationSettings application) {
    }

    record TestResult(boolean success, String message, List<String> models) {
    }

    private final ProviderService providers;
    private final HikariDataSource pool;
    private final DatabaseServer database;
    private final JdbcClient jdbc;
    private final LoggingSystem logging;
    private final JsonMapper json;
    private final String environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SettingsService(ProviderService providers, HikariDataSource pool, DatabaseServer database, JdbcClient jdbc,
                    LoggingSystem logging, JsonMapper json, @Value("${gathering.env:development}") String environment) {
        this.providers = providers;
        this.pool = pool;
        this.database = database;
        this.jdbc = jdbc;
        this.logging = logging;
        this.json = json;
        this.environment = environment;
    }

    Settings all() {
        Map<Long, List<ModelSummary>> models = new LinkedHashMap<>();
        for (Model model : providers.models(null, false)) {
            models.computeIfAbsent(model.providerId(), id -> new ArrayList<>()).add(new ModelSummary(model.id(),
                    model.modelName(), model.modelAlias(), model.vision(), model.extendedThinking()));
        }
        Map<String, ProviderSettings> byName = new LinkedHashMap<>();
        for (Provider provider : providers.list()) {
            byName.put(provider.name(), view(provider, models.getOrDefault(provider.id(), List.of())));
        }
        return new Settings(byName, database(), application());
    }

    ProviderSettings updateProvider(String name, String apiKey, String baseUrl, String defaultModel) {
        Provider provider = providers.byName(name);
        if (apiKey != null && (apiKey.length() > 500 || !apiKey.matches("[\\x21-\\x7E]*"))) {
            // keys travel in HTTP headers: a key that cannot is refused when saved, not at every later call
            throw ApiException.unprocessable("api_key must be printable ASCII without spaces (as the provider issued it), at most 500 characters");
        }
        if (baseUrl != null && !baseUrl.isBlank() && !baseUrl.trim().matches("https?://\\S+")) {
            throw ApiException.badRequest("base_url must be an http(s) URL");
        }
        providers.saveSettings(provider, apiKey, baseUrl, defaultModel);
        Provider saved = providers.byName(name);
        return view(saved, providers.models(saved.id(), false).stream().map(model -> new ModelSummary(model.id(),
                model.modelName(), model.modelAlias(), model.vision(), model.extendedThinking())).toList());
    }

    /** Asks the provider for its model list with the configured key: proves the URL and the key work. */
    TestResult test(String name) {
        ProviderConnection connection = providers.connection(providers.byName(name));
        if (connection.type() == ApiType.LOCAL) {
            return new TestResult(true, "The local responder needs no network and no key", List.of("local-responder"));
        }
        if (!connection.isConfigured()) {
            return new TestResult(false, "No API key: set " + name.toUpperCase(Locale.ROOT) + "_API_KEY or PATCH /settings/providers/" + name, null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(15)).GET();
        String base = connection.baseUrl();
        try {
            switch (connection.type()) {
                case OPENAI -> request.uri(URI.create(base + "/models")).header("Authorization", "Bearer " + connection.apiKey());
                case ANTHROPIC -> request.uri(URI.create(base + "/models")).header("x-api-key", connection.apiKey())
                        .header("anthropic-version", "2023-06-01");
                case OLLAMA -> request.uri(URI.create(base + "/api/tags"));
                case GEMINI -> request.uri(URI.create(base + "/models")).header("x-goog-api-key", connection.apiKey());
                default -> throw new IllegalStateException();
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return new TestResult(false, "The provider rejected the API key (HTTP " + response.statusCode() + ")", null);
            }
            if (response.statusCode() != 200) {
                return new TestResult(false, "The provider answered HTTP " + response.statusCode(), null);
            }
            List<String> names = modelNames(connection.type(), response.body());
            return new TestResult(true, "Connected to " + name + " at " + base + " (" + names.size() + " models)", names);
        } catch (IllegalArgumentException e) {
            // a base URL or a key (set through the environment) that cannot go into a request
            return new TestResult(false, "The base URL or the API key of " + name + " cannot be used in a request", null);
        } catch (java.io.IOException e) {
            return new TestResult(false, "Cannot reach " + base + ": " + (e.getMessage() == null
                    ? "the connection failed" : e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestResult(false, "Interrupted", null);
        }
    }

    ApplicationSettings updateApplication(Boolean debug, String logLevel) {
        if (logLevel != null) {
            LogLevel level = parseLevel(logLevel);
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, level);
            store("log_level", level.name());
        }
        if (debug != null) {
            logging.setLogLevel("dev.gathering", debug ? LogLevel.DEBUG : null);
            store("debug", String.valueOf(debug));
        }
        return application();
    }

    DatabaseSettings updateDatabase(Integer poolSize, Integer poolMin) {
        int max = poolSize == null ? pool.getMaximumPoolSize() : poolSize;
        int min = poolMin == null ? Math.min(pool.getMinimumIdle(), max) : poolMin;
        if (min > max) {
            throw ApiException.badRequest("pool_min (" + min + ") cannot exceed pool_size (" + max + ")");
        }
        applyPool(max, min);
        store("pool_size", String.valueOf(max));
        store("pool_min", String.valueOf(min));
        return database();
    }

    /** Settings saved through the API are applied again when the server starts. */
    @EventListener(ApplicationReadyEvent.class)
    void applyStored() {
        Map<String, String> stored = stored();
        if (stored.containsKey("log_level")) {
            logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.valueOf(stored.get("log_level")));
        }
        if ("true".equals(stored.get("debug"))) {
            logging.setLogLevel("dev.gathering", LogLevel.DEBUG);
        }
        if (stored.containsKey("pool_size")) {
            int max = Integer.parseInt(stored.get("pool_size"));
            applyPool(max, Math.min(max, Integer.parseInt(stored.getOrDefault("pool_min", String.valueOf(pool.getMinimumIdle())))));
        }
    }

    private void applyPool(int max, int min) {
        if (max > pool.getMaximumPoolSize()) {
            pool.getHikariConfigMXBean().setMaximumPoolSize(max);
            pool.getHikariConfigMXBean().setMinimumIdle(min);
        } else {
            pool.getHikariConfigMXBean().setMinimumIdle(min);
            pool.getHikariConfigMXBean().setMaximumPoolSize(max);
        }
    }

    private ProviderSettings view(Provider provider, List<ModelSummary> models) {
        ProviderConnection connection = providers.connection(provider);
        return new ProviderSettings(provider.name(), provider.apiType(), SecretBox.mask(connection.apiKey()),
                connection.keySource(), connection.defaultModel(), connection.baseUrl(), connection.isConfigured(), models);
    }

    private DatabaseSettings database() {
        boolean connected;
        try (Connection connection = pool.getConnection()) {
            connected = connection.isValid(2);
        } catch (SQLException e) {
            connected = false;
        }
        List<String> extensions = connected
                ? jdbc.sql("SELECT extname FROM pg_extension ORDER BY extname").query(String.class).list() : List.of();
        var bean = pool.getHikariPoolMXBean();
        String described = database.url().describe();
        URI location;
        try {
            location = URI.create("postgresql://" + described);
        } catch (IllegalArgumentException e) {
            // several hosts (a JDBC fail-over list): no single host to show
            location = URI.create("postgresql://unknown");
        }
        String name = location.getPath() == null || location.getPath().length() <= 1 ? null : location.getPath().substring(1);
        String user = database.url().username() != null ? database.url().username() : pool.getUsername();
        return new DatabaseSettings(location.getHost(), location.getPort() > 0 ? location.getPort() : 5432, name, user,
                described, database.embedded(), connected, pool.getMaximumPoolSize(), 0, pool.getMinimumIdle(),
                bean == null ? 0 : bean.getActiveConnections(), bean == null ? 0 : bean.getIdleConnections(), extensions);
    }

    private ApplicationSettings application() {
        var root = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME);
        LogLevel level = root == null || root.getEffectiveLevel() == null ? LogLevel.INFO : root.getEffectiveLevel();
        var ours = logging.getLoggerConfiguration("dev.gathering");
        boolean debug = ours != null && ours.getConfiguredLevel() == LogLevel.DEBUG;
        return new ApplicationSettings(environment, debug, level.name());
    }

    private static LogLevel parseLevel(String value) {
        String normalized = value.trim().toUpperCase(Locale.ROOT);
        if (normalized.equals("WARNING")) {
            normalized = "WARN";
        }
        if (normalized.equals("CRITICAL")) {
            normalized = "FATAL";
        }
        try {
            return LogLevel.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("log_level must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, OFF");
        }
    }

    private void store(String key, String value) {
        jdbc.sql("""
                INSERT INTO settings.application (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()""")
                .params(key, value).update();
    }

    private Map<String, String> stored() {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.sql("SELECT key, value FROM settings.application").query((rows, row) -> Map.entry(rows.getString(1),
                rows.getString(2))).list().forEach(entry -> values.put(entry.getKey(), entry.getValue()));
        return values;
    }

    private List<String> modelNames(ApiType type, String body) {
        JsonNode root = json.readTree(body);
        List<String> names = new ArrayList<>();
        JsonNode list = switch (type) {
            case OLLAMA -> root.path("models");
            case GEMINI -> root.path("models");
            default -> root.path("data");
        };
        for (JsonNode model : list) {
            String name = model.path(type == ApiType.OLLAMA || type == ApiType.GEMINI ? "name" : "id").asString("");
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
