package dev.gathering.plugin;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.events.Subscription;
import dev.gathering.platform.http.AddressPolicy;
import dev.gathering.platform.http.OutboundHttp;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillCatalog;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs on this instance what {@code plugin.plugins} holds. Each enabled MCP plugin has one virtual thread that
 * connects it, registers its skill, watches it (a stdio server's process exit; a ping every {@code health-interval})
 * and, when it dies or cannot be reached, withdraws the skill and reconnects with exponential backoff (1 s doubling to
 * 60 s). A changed definition (a new revision) restarts it; a tool list change notification refreshes the skill.
 * Every instance reconciles a plugin when any instance announces a change ({@code plugin.*} events).
 */
@Component
class PluginSupervisor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PluginSupervisor.class);

    /** What a plugin is doing on this instance. */
    record State(String status, String error, OffsetDateTime since, int failures, int toolsCount,
                 Map<String, Object> details) {

        static final State NOT_RUNNING = new State("unloaded", null, null, 0, 0, Map.of());
    }

    private final class Running {
        final PluginRepository.PluginRow row;
        final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
        volatile McpConnection connection;
        volatile String status = "connecting";
        volatile String error;
        volatile OffsetDateTime since = now();
        volatile int failures;
        volatile int toolsCount;
        volatile boolean stopped;
        volatile Thread thread;

        Running(PluginRepository.PluginRow row) {
            this.row = row;
        }
    }

    private final PluginRepository repository;
    private final PluginSecrets secrets;
    private final SkillCatalog catalog;
    private final PluginProperties properties;
    private final AddressPolicy addresses;
    private final OutboundHttp http;
    private final EventBus events;
    private final JsonMapper json;
    private final Path workingRoot;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile Subscription subscription;

    PluginSupervisor(PluginRepository repository, PluginSecrets secrets, SkillCatalog catalog, PluginProperties properties,
                     AddressPolicy addresses, OutboundHttp http, EventBus events, JsonMapper json, PluginRoots roots) {
        this.repository = repository;
        this.secrets = secrets;
        this.catalog = catalog;
        this.properties = properties;
        this.addresses = addresses;
        this.http = http;
        this.events = events;
        this.json = json;
        this.workingRoot = roots.workingDirectories();
    }

    /** Brings this instance in line with the plugin's row: start, restart on a new revision, stop. */
    synchronized void reconcile(String id) {
        Optional<PluginRepository.PluginRow> row = repository.find(id);
        Running current = running.get(id);
        String skill = PluginService.skillName(id);
        if (row.isEmpty()) {
            stop(id);
            catalog.unregister(skill, true);
        } else if (!row.get().enabled()) {
            stop(id);
            catalog.unregister(skill, false);
            catalog.setEnabled(skill, false);
        } else if (current == null || current.row.revision() != row.get().revision()) {
            stop(id);
            start(row.get());
        }
    }

    /** Waits (up to the request timeout) for the first connection attempt of a plugin just (re)started here. */
    State awaitFirstAttempt(String id) {
        Running run = running.get(id);
        if (run == null) {
            return State.NOT_RUNNING;
        }
        try {
            run.firstAttempt.get(properties.requestTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // the state says what happened so far
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return state(id);
    }

    State state(String id) {
        Running run = running.get(id);
        if (run == null) {
            return State.NOT_RUNNING;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", run.row.kind());
        details.put("revision", run.row.revision());
        McpConnection connection = run.connection;
        if (connection != null && connection.serverInfo() != null) {
            details.put("server_name", connection.serverInfo().name());
            details.put("server_version", connection.serverInfo().version());
        }
        if (connection != null && !connection.stderr().isEmpty()) {
            details.put("stderr", connection.stderr());
        }
        if (run.failures > 0) {
            details.put("next_attempt_in_ms", backoff(run.failures).toMillis());
        }
        return new State(run.status, run.error, run.since, run.failures, run.toolsCount, details);
    }

    private void start(PluginRepository.PluginRow row) {
        Running run = new Running(row);
        running.put(row.id(), run);
        run.thread = Thread.ofVirtual().name("plugin-" + row.id()).start(() -> supervise(run));
    }

    private void stop(String id) {
        Running run = running.remove(id);
        if (run != null) {
            run.stopped = true;
            Thread thread = run.thread;
            if (thread != null) {
                thread.interrupt();
            }
            McpConnection connection = run.connection;
            run.connection = null;
            if (connection != null) {
                connection.close();
            }
        }
    }

    private void supervise(Running run) {
        PluginRepository.PluginRow row = run.row;
        String skill = PluginService.skillName(row.id());
        while (!run.stopped) {
            McpConnection connection = null;
            try {
                JsonNode config = secrets.open(row);
                if (row.kind().equals("http")) {
                    HttpPluginSkill declared = new HttpPluginSkill(row, json.readTree(row.manifest()),
                            PluginService.strings(config.path("headers")), http, json);
                    register(run, declared);
                    settle(run, "enabled", null);
                    return;
                }
                connection = connect(row, config, tools -> {
                    if (!run.stopped && running.get(row.id()) == run) {
                        register(run, new McpPluginSkill(row, tools, () -> run.connection, json));
                        events.publish(Event.of("plugin.tools.changed", Map.of("plugin_id", row.id(), "tools_count", tools.size())));
                    }
                });
                if (run.stopped) {
                    connection.close();
                    return;
                }
                run.connection = connection;
                register(run, new McpPluginSkill(row, connection.tools(), () -> run.connection, json));
                run.failures = 0;
                settle(run, "enabled", null);
                events.publish(Event.of("plugin.connected", Map.of("plugin_id", row.id(), "tools_count", run.toolsCount)));
                String death = watch(run, connection);
                if (run.stopped) {
                    return;
                }
                run.connection = null;
                catalog.unregister(skill, false);
                connection.close();
                settle(run, "error", death);
                log.warn("Plugin {} lost: {}; reconnecting", row.id(), death);
                events.publish(Event.of("plugin.disconnected", Map.of("plugin_id", row.id(), "error", death)));
            } catch (RuntimeException e) {
                if (connection != null) {
                    connection.close();
                }
                run.connection = null;
                if (run.stopped) {
                    return;
                }
                settle(run, "error", McpConnection.reason(e));
                log.warn("Plugin {} could not be connected: {}", row.id(), run.error);
            }
            run.failures++;
            try {
                Thread.sleep(backoff(run.failures));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void settle(Running run, String status, String error) {
        if (!status.equals(run.status) || (error != null && !error.equals(run.error))) {
            run.since = now();
        }
        run.status = status;
        run.error = error;
        run.firstAttempt.complete(null);
    }

    private void register(Running run, Skill skill) {
        List<String> problems = catalog.register(skill, "plugin");
        run.toolsCount = skill.tools().size() - problems.size();
        if (!problems.isEmpty()) {
            log.warn("Plugin {}: {}", run.row.id(), problems);
        }
    }

    /** Blocks until the connection is dead (returns why) or the plugin is stopped (returns null). */
    private String watch(Running run, McpConnection connection) {
        while (!run.stopped) {
            try {
                connection.exited().get(properties.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
                return "the MCP server's process exited";
            } catch (TimeoutException e) {
                try {
                    connection.ping();
                } catch (RuntimeException failure) {
                    if (run.stopped) {
                        return null;
                    }
                    return "the MCP server did not answer a ping: " + McpConnection.reason(failure);
                }
            } catch (ExecutionException e) {
                return "the MCP server's process exited";
            } catch (InterruptedException e) {
                return null;
            }
        }
        return null;
    }

    private McpConnection connect(PluginRepository.PluginRow row, JsonNode config,
                                  java.util.function.Consumer<List<McpSchema.Tool>> onToolsChanged) {
        if (row.kind().equals("mcp_http")) {
            return McpConnection.http(URI.create(config.path("url").asString()), PluginService.strings(config.path("headers")),
                    addresses, properties, onToolsChanged);
        }
        List<String> command = new java.util.ArrayList<>();
        config.path("command").forEach(part -> command.add(part.asString()));
        Path directory = workingRoot.resolve(row.id());
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the plugin's directory " + directory + ": " + e.getMessage());
        }
        return McpConnection.stdio(command, PluginService.strings(config.path("env")), directory, properties, onToolsChanged);
    }

    Duration backoff(int failures) {
        long base = properties.reconnectBase().toMillis();
        long delay = base << Math.min(Math.max(failures - 1, 0), 16);
        return Duration.ofMillis(Math.min(delay, properties.reconnectMax().toMillis()));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public void start() {
        started = true;
        subscription = events.subscribe("plugin", event -> {
            Object id = event.data().get("plugin_id");
            if (id instanceof String pluginId && isDefinitionChange(event.type())) {
                reconcile(pluginId);
            }
        });
        Thread.ofVirtual().name("plugins-start").start(() -> {
            try {
                for (PluginRepository.PluginRow row : repository.all()) {
                    reconcile(row.id());
                }
            } catch (RuntimeException e) {
                log.warn("Plugins could not be started: {}", e.toString());
            }
        });
    }

    private static boolean isDefinitionChange(String type) {
        return switch (type) {
            case "plugin.loaded", "plugin.unloaded", "plugin.enabled", "plugin.disabled" -> true;
            default -> false;
        };
    }

    @Override
    public void stop() {
        started = false;
        Subscription current = subscription;
        if (current != null) {
            current.close();
        }
        for (String id : List.copyOf(running.keySet())) {
            stop(id);
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** Stops after the web server and the circle worker (phase 0), whose last tool calls may still need plugins. */
    @Override
    public int getPhase() {
        return -100;
    }
}
