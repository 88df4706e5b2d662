package dev.gathering.plugin;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.gathering.platform.events.Event;
import dev.gathering.platform.events.EventBus;
import dev.gathering.platform.http.AddressPolicy;
import dev.gathering.platform.http.OutboundHttp;
import dev.gathering.platform.http.OutboundHttpException;
import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.skill.Permission;
import dev.gathering.skill.SkillCatalog;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plugin routes' work: loading (connecting and persisting), unloading, switching on and off, discovering
 * manifests, declaring HTTP plugins and saving manifests. A plugin that runs a command on the server (stdio) is an
 * administrator's decision; HTTP ones any member may add, and only their owner or an admin changes them.
 */
@Service
public class PluginService {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Set<String> RESERVED = Set.of("available", "stats", "health", "load", "discover", "dynamic");
    static final int MAX_TOOLS = 100;

    /** Upstream's PluginInfo. */
    record Info(String id, String name, String version, String description, String author, String license,
                String homepage, List<String> tags, String status, String error, int toolsCount, int competenciesCount,
                String kind, String skill, boolean isEnabled, String ownerId, JsonNode config) {
    }

    record Outcome(boolean success, String message, String pluginId) {
    }

    private final PluginRepository repository;
    private final PluginSupervisor supervisor;
    private final PluginSecrets secrets;
    private final PluginRoots roots;
    private final SkillCatalog catalog;
    private final AddressPolicy addresses;
    private final EventBus events;
    private final JsonMapper json;

    PluginService(PluginRepository repository, PluginSupervisor supervisor, PluginSecrets secrets, PluginRoots roots,
                  SkillCatalog catalog, AddressPolicy addresses, EventBus events, JsonMapper json) {
        this.repository = repository;
        this.supervisor = supervisor;
        this.secrets = secrets;
        this.roots = roots;
        this.catalog = catalog;
        this.addresses = addresses;
        this.events = events;
        this.json = json;
    }

    static String skillName(String pluginId) {
        return "plugin:" + pluginId;
    }

    static Set<Permission> permissions(List<String> names) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String name : names) {
            permissions.add(Permission.parse(name));
        }
        return permissions;
    }

    static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asString()));
        }
        return values;
    }

    // ------------------------------------------------------------------------------------------------------ reading

    List<Info> list(String statusFilter, boolean includeAvailable) {
        List<Info> plugins = new ArrayList<>();
        List<PluginRepository.PluginRow> rows = repository.all();
        Set<String> loaded = new java.util.HashSet<>();
        for (PluginRepository.PluginRow row : rows) {
            loaded.add(row.id());
            plugins.add(info(row));
        }
        if (includeAvailable) {
            for (PluginRepository.AvailableRow available : repository.available()) {
                if (!loaded.contains(available.id())) {
                    plugins.add(availableInfo(available));
                }
            }
        }
        if (statusFilter != null && !statusFilter.isBlank()) {
            plugins.removeIf(plugin -> !plugin.status().equalsIgnoreCase(statusFilter.trim()));
        }
        return plugins;
    }

    List<String> availableIds() {
        return repository.available().stream().map(PluginRepository.AvailableRow::id).toList();
    }

    Info info(String id) {
        return info(loaded(id));
    }

    Map<String, Object> stats() {
        List<Info> loaded = list(null, false);
        Map<String, Long> byStatus = new TreeMap<>();
        loaded.forEach(plugin -> byStatus.merge(plugin.status(), 1L, Long::sum));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("available_plugins", repository.available().size());
        stats.put("loaded_plugins", loaded.size());
        stats.put("enabled_plugins", loaded.stream().filter(Info::isEnabled).count());
        stats.put("plugins_by_status", byStatus);
        stats.put("total_tools_from_plugins", loaded.stream().mapToInt(Info::toolsCount).sum());
        stats.put("total_competencies_from_plugins", loaded.stream().mapToInt(Info::competenciesCount).sum());
        return stats;
    }

    Map<String, Object> health(String id) {
        return health(loaded(id));
    }

    Map<String, Map<String, Object>> healthAll() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        repository.all().forEach(row -> all.put(row.id(), health(row)));
        return all;
    }

    private Map<String, Object> health(PluginRepository.PluginRow row) {
        PluginSupervisor.State state = supervisor.state(row.id());
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("plugin_id", row.id());
        health.put("status", status(row, state));
        health.put("healthy", row.enabled() && state.status().equals("enabled"));
        health.put("error", state.error());
        Map<String, Object> details = new LinkedHashMap<>(state.details());
        details.put("since", state.since());
        details.put("failures", state.failures());
        details.put("tools_count", state.toolsCount());
        health.put("details", details);
        return health;
    }

    List<Map<String, Object>> tools(String id) {
        PluginRepository.PluginRow row = loaded(id);
        List<Map<String, Object>> tools = new ArrayList<>();
        catalog.skill(skillName(id)).ifPresent(entry -> entry.skill().tools().forEach(tool -> {
            if (!entry.toolNames().contains(tool.name())) {
                return;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", tool.name());
            view.put("description", tool.description());
            view.put("category", categoryOf(row, tool.name()));
            view.put("required_competencies", List.of());
            view.put("plugin_id", id);
            view.put("input_schema", tool.inputSchema());
            tools.add(view);
        }));
        return tools;
    }

    // ------------------------------------------------------------------------------------------------------ changing

    Outcome load(AuthenticatedUser user, String id, JsonNode givenConfig) {
        checkId(id);
        Access.requireWriter(user);
        Optional<PluginRepository.PluginRow> existing = repository.find(id);
        existing.ifPresent(row -> Access.requireOwner(user, row.ownerId(), "plugin " + id));
        JsonNode config = givenConfig;
        JsonNode manifest = json.createObjectNode();
        if (config == null || config.isNull() || config.isEmpty()) {
            Optional<PluginRepository.AvailableRow> available = repository.findAvailable(id);
            if (available.isPresent()) {
                manifest = json.readTree(available.get().manifest());
                config = manifest.path("config");
            } else if (existing.isPresent()) {
                config = secrets.open(existing.get());
                manifest = json.readTree(existing.get().manifest());
            } else {
                throw ApiException.badRequest("Plugin " + id + " is neither discovered nor configured: give config"
                        + " {command: [program, args…], env} for a stdio MCP server or {url, headers} for a Streamable HTTP one");
            }
        }
        if (!config.isObject()) {
            throw ApiException.badRequest("config must be a JSON object");
        }
        String kind = kindOf(config, manifest);
        if (kind.equals("mcp_stdio") && !user.isAdmin()) {
            throw ApiException.forbidden("Only an admin can load a plugin that runs a command on the server");
        }
        JsonNode stored = checkedConfig(kind, (ObjectNode) config.deepCopy());
        PluginRepository.PluginRow row = row(id, kind, stored, manifest, config, user, existing);
        return persistAndStart(row, existing.isEmpty(), "loaded");
    }

    Outcome unload(AuthenticatedUser user, String id) {
        PluginRepository.PluginRow row = loaded(id);
        Access.requireOwner(user, row.ownerId(), "plugin " + id);
        repository.delete(id);
        supervisor.reconcile(id);
        events.publish(Event.of("plugin.unloaded", Map.of("plugin_id", id)));
        return new Outcome(true, "Plugin " + id + " unloaded; its skill " + skillName(id) + " is gone from every agent", id);
    }

    Outcome setEnabled(AuthenticatedUser user, String id, boolean enabled) {
        PluginRepository.PluginRow row = loaded(id);
        Access.requireOwner(user, row.ownerId(), "plugin " + id);
        if (!repository.setEnabled(id, enabled)) {
            return new Outcome(true, "Plugin " + id + " is already " + (enabled ? "enabled" : "disabled"), id);
        }
        catalog.setEnabled(skillName(id), enabled);
        supervisor.reconcile(id);
        events.publish(Event.of(enabled ? "plugin.enabled" : "plugin.disabled", Map.of("plugin_id", id)));
        if (enabled) {
            PluginSupervisor.State state = supervisor.awaitFirstAttempt(id);
            if (!state.status().equals("enabled")) {
                return new Outcome(false, "Plugin " + id + " is enabled but not connected yet: " + state.error(), id);
            }
        }
        return new Outcome(true, "Plugin " + id + (enabled ? " enabled" : " disabled: its tools are offered to no agent"), id);
    }

    Info declare(AuthenticatedUser user, JsonNode body) {
        Access.requireWriter(user);
        String id = body.path("plugin_id").asString("");
        checkId(id);
        Optional<PluginRepository.PluginRow> existing = repository.find(id);
        existing.ifPresent(row -> Access.requireOwner(user, row.ownerId(), "plugin " + id));
        JsonNode tools = body.path("tools");
        if (!tools.isArray() || tools.isEmpty()) {
            throw ApiException.badRequest("tools must list at least one tool");
        }
        if (tools.size() > MAX_TOOLS) {
            throw ApiException.badRequest("A plugin declares at most " + MAX_TOOLS + " tools");
        }
        ArrayNode declared = json.createArrayNode();
        for (JsonNode tool : tools) {
            declared.add(checkedTool(tool));
        }
        ObjectNode manifest = json.createObjectNode();
        manifest.set("tools", declared);
        manifest.set("competencies", body.path("competencies").isArray() ? body.get("competencies") : json.createArrayNode());
        ObjectNode config = json.createObjectNode();
        config.set("headers", headersOf(body.path("config").path("headers")));
        ObjectNode described = json.createObjectNode();
        for (String field : new String[] {"name", "description", "version", "author", "license", "homepage", "tags",
                "required_permissions"}) {
            if (body.has(field)) {
                described.set(field, body.get(field));
            }
        }
        if (described.path("name").asString("").isBlank() || described.path("description").asString("").isBlank()) {
            throw ApiException.badRequest("name and description are required");
        }
        PluginRepository.PluginRow row = row(id, "http", config, manifest, described, user, existing);
        persistAndStart(row, existing.isEmpty(), "declared");
        return info(loaded(id));
    }

    Map<String, Object> discover(AuthenticatedUser user, String directory) {
        Access.requireWriter(user);
        Path folder = roots.existingDirectory(directory);
        List<Map<String, Object>> discovered = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".json")) {
                    candidates.add(entry);
                } else if (Files.isDirectory(entry) && Files.isRegularFile(entry.resolve("plugin.json"))) {
                    candidates.add(entry.resolve("plugin.json"));
                }
            }
        } catch (IOException e) {
            throw ApiException.badRequest("Cannot read " + directory + ": " + e.getMessage());
        }
        candidates.sort(null);
        for (Path file : candidates.subList(0, Math.min(candidates.size(), 500))) {
            try {
                if (Files.size(file) > 1_000_000) {
                    throw new IllegalArgumentException("larger than 1 MB");
                }
                JsonNode manifest = json.readTree(Files.readString(file));
                String id = manifest.path("id").asString(manifest.path("plugin_id").asString(""));
                if (!ID.matcher(id).matches() || RESERVED.contains(id)) {
                    throw new IllegalArgumentException("its id '" + id + "' is not a valid plugin id");
                }
                if (!manifest.path("config").isObject() && !manifest.path("tools").isArray()) {
                    throw new IllegalArgumentException("it has neither config (an MCP server) nor tools (HTTP tools)");
                }
                repository.saveAvailable(id, file.toString(), manifest.toString());
                discovered.add(Map.of("plugin_id", id, "path", file.toString()));
            } catch (IOException | JacksonException | IllegalArgumentException e) {
                skipped.add(Map.of("path", file.toString(), "error", e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("discovered", discovered);
        answer.put("total", discovered.size());
        answer.put("skipped", skipped);
        return answer;
    }

    Outcome save(AuthenticatedUser user, String id, String outputPath) {
        PluginRepository.PluginRow row = loaded(id);
        Access.requireOwner(user, row.ownerId(), "plugin " + id);
        Path file = roots.writableFile(outputPath);
        ObjectNode manifest = json.createObjectNode();
        manifest.put("id", row.id()).put("name", row.name()).put("version", row.version())
                .put("description", row.description()).put("author", row.author()).put("license", row.license())
                .put("homepage", row.homepage());
        ArrayNode tags = manifest.putArray("tags");
        row.tags().forEach(tags::add);
        ArrayNode permissions = manifest.putArray("required_permissions");
        row.permissions().forEach(permissions::add);
        JsonNode declared = json.readTree(row.manifest());
        if (declared.has("tools")) {
            manifest.set("tools", declared.get("tools"));
        }
        if (declared.has("competencies")) {
            manifest.set("competencies", declared.get("competencies"));
        }
        manifest.set("config", json.readTree(row.publicConfig()));
        try {
            Files.writeString(file, manifest.toPrettyString());
        } catch (IOException e) {
            throw ApiException.badRequest("Cannot write " + outputPath + ": " + e.getMessage());
        }
        return new Outcome(true, "Plugin " + id + " saved to " + file + " (secret values are masked: fill them in before loading it elsewhere)", id);
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    private Outcome persistAndStart(PluginRepository.PluginRow row, boolean isNew, String verb) {
        repository.upsert(row);
        supervisor.reconcile(row.id());
        PluginSupervisor.State state = supervisor.awaitFirstAttempt(row.id());
        if (!state.status().equals("enabled")) {
            String error = state.error() == null ? "it did not connect within the time limit" : state.error();
            if (isNew) {
                repository.delete(row.id());
                supervisor.reconcile(row.id());
                throw new ApiException(HttpStatus.BAD_GATEWAY, "Plugin " + row.id() + " could not be loaded: " + error);
            }
            events.publish(Event.of("plugin.loaded", Map.of("plugin_id", row.id())));
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Plugin " + row.id() + " was updated but could not be connected: "
                    + error + "; it is retried with backoff");
        }
        events.publish(Event.of("plugin.loaded", Map.of("plugin_id", row.id(), "kind", row.kind())));
        return new Outcome(true, "Plugin " + row.id() + " " + verb + ": " + state.toolsCount() + " tool(s), as skill "
                + skillName(row.id()) + " (enable it per agent with PATCH /tools/agents/{agent_id}/skills/" + skillName(row.id()) + ")",
                row.id());
    }

    private PluginRepository.PluginRow row(String id, String kind, JsonNode config, JsonNode manifest, JsonNode described,
                                           AuthenticatedUser user, Optional<PluginRepository.PluginRow> existing) {
        List<String> permissions = new ArrayList<>();
        for (JsonNode permission : described.path("required_permissions")) {
            try {
                permissions.add(Permission.parse(permission.asString()).wire());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        List<String> tags = new ArrayList<>();
        described.path("tags").forEach(tag -> tags.add(tag.asString()));
        JsonNode meta = manifest.isEmpty() ? described : manifest;
        return new PluginRepository.PluginRow(id, kind, text(described, meta, "name", id, 200),
                text(described, meta, "version", "1.0.0", 40), text(described, meta, "description", "", 5000),
                nullable(text(described, meta, "author", null, 200)), nullable(text(described, meta, "license", null, 100)),
                nullable(text(described, meta, "homepage", null, 2000)), tags, secrets.seal(config),
                secrets.masked(config).toString(), manifest.toString(), permissions, true, 0,
                existing.map(PluginRepository.PluginRow::ownerId).orElse(user.id()), null, null);
    }

    private static String text(JsonNode first, JsonNode second, String field, String fallback, int max) {
        String value = first.path(field).asString(second.path(field).asString(fallback == null ? "" : fallback));
        if (value.length() > max) {
            throw ApiException.badRequest(field + " is longer than " + max + " characters");
        }
        return value;
    }

    private static String nullable(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private String kindOf(JsonNode config, JsonNode manifest) {
        if (config.has("command")) {
            return "mcp_stdio";
        }
        if (config.has("url")) {
            return "mcp_http";
        }
        if (manifest.path("tools").isArray()) {
            return "http";
        }
        throw ApiException.badRequest("config needs command (the program and arguments of a stdio MCP server) or url"
                + " (a Streamable HTTP MCP endpoint)");
    }

    private JsonNode checkedConfig(String kind, ObjectNode config) {
        ObjectNode stored = json.createObjectNode();
        switch (kind) {
            case "mcp_stdio" -> {
                JsonNode command = config.get("command");
                if (!command.isArray() || command.isEmpty() || command.size() > 100) {
                    throw ApiException.badRequest("command must be a list: the program, then its arguments");
                }
                requireProgram(command.get(0).asString(""));
                ArrayNode parts = stored.putArray("command");
                for (JsonNode part : command) {
                    if (!part.isString() || part.asString().isEmpty() || part.asString().indexOf('\0') >= 0) {
                        throw ApiException.badRequest("every part of command must be a non-empty string");
                    }
                    parts.add(part.asString());
                }
                stored.set("env", stringMap(config.path("env"), "env"));
            }
            case "mcp_http" -> {
                String url = config.path("url").asString("");
                URI uri;
                try {
                    uri = OutboundHttp.parse(url);
                    addresses.resolve(uri.getHost());
                } catch (OutboundHttpException e) {
                    throw ApiException.badRequest(e.getMessage());
                } catch (UnknownHostException e) {
                    throw ApiException.badRequest(e instanceof AddressPolicy.BlockedAddressException ? e.getMessage()
                            : "Host " + url + " is unknown");
                }
                stored.put("url", uri.toString());
                stored.set("headers", headersOf(config.path("headers")));
            }
            default -> stored.set("headers", headersOf(config.path("headers")));
        }
        return stored;
    }

    private ObjectNode headersOf(JsonNode headers) {
        ObjectNode checked = stringMap(headers, "headers");
        checked.properties().forEach(entry -> {
            if (!entry.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || entry.getValue().asString().matches("(?s).*[\\r\\n\\x00].*")) {
                throw ApiException.badRequest("Header " + entry.getKey() + " is not a valid header");
            }
        });
        return checked;
    }

    private ObjectNode stringMap(JsonNode node, String field) {
        ObjectNode map = json.createObjectNode();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(field + " must be an object of strings");
        }
        node.properties().forEach(entry -> {
            if (!entry.getValue().isString() && !entry.getValue().isNumber() && !entry.getValue().isBoolean()) {
                throw ApiException.badRequest(field + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().asString());
        });
        return map;
    }

    private JsonNode checkedTool(JsonNode tool) {
        String name = tool.path("name").asString("");
        if (tool.has("code")) {
            throw ApiException.badRequest("Tool " + name + ": dynamic plugins do not run code on the server (upstream"
                    + " executed it with exec); declare the tool as an HTTP call instead: method, url (with {parameter}"
                    + " placeholders), optional headers, and a JSON Schema in parameters");
        }
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiException.badRequest("Tool name '" + name + "' must be 1 to 64 letters, digits, '_' or '-'");
        }
        if (tool.path("description").asString("").isBlank()) {
            throw ApiException.badRequest("Tool " + name + " needs a description");
        }
        String method = tool.path("method").asString("GET").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD").contains(method)) {
            throw ApiException.badRequest("Tool " + name + ": method must be GET, POST, PUT, PATCH, DELETE or HEAD");
        }
        String url = tool.path("url").asString("");
        try {
            OutboundHttp.parse(HttpPluginSkill.PLACEHOLDER.matcher(url).replaceAll("x"));
        } catch (OutboundHttpException e) {
            throw ApiException.badRequest("Tool " + name + ": " + e.getMessage());
        }
        JsonNode parameters = tool.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            throw ApiException.badRequest("Tool " + name + ": parameters must be a JSON Schema object");
        }
        ObjectNode checked = json.createObjectNode();
        checked.put("name", name).put("description", tool.path("description").asString())
                .put("category", tool.path("category").asString("custom")).put("method", method).put("url", url);
        checked.set("headers", headersOf(tool.path("headers")));
        checked.set("parameters", parameters.isObject() ? parameters : json.createObjectNode().put("type", "object"));
        checked.set("required_competencies", tool.path("required_competencies").isArray()
                ? tool.get("required_competencies") : json.createArrayNode());
        if (tool.has("returns")) {
            checked.set("returns", tool.get("returns"));
        }
        return checked;
    }

    /** A clear 400 now rather than a start that times out: the program must exist and be executable. */
    private static void requireProgram(String program) {
        if (program.isBlank()) {
            throw ApiException.badRequest("command must start with the program to run");
        }
        if (program.contains("/")) {
            Path path = Path.of(program);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw ApiException.badRequest("Program " + program + " does not exist or is not executable");
            }
            return;
        }
        for (String directory : new String[] {"/usr/local/bin", "/usr/bin", "/bin"}) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return;
            }
        }
        throw ApiException.badRequest("Program " + program + " is not found in /usr/local/bin, /usr/bin or /bin"
                + " (the PATH plugins run with); give its absolute path");
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches() || RESERVED.contains(id)) {
            throw ApiException.badRequest("Plugin id '" + id + "' must be 1 to 64 lower-case letters, digits, '_' or '-'"
                    + " (and not one of " + String.join(", ", RESERVED) + ")");
        }
    }

    private PluginRepository.PluginRow loaded(String id) {
        return repository.find(id).orElseThrow(() -> ApiException.notFound("Plugin " + id + " not found"));
    }

    private Info info(PluginRepository.PluginRow row) {
        PluginSupervisor.State state = supervisor.state(row.id());
        JsonNode manifest = json.readTree(row.manifest());
        return new Info(row.id(), row.name(), row.version(), row.description(), row.author(), row.license(), row.homepage(),
                row.tags(), status(row, state), state.error(), state.toolsCount(), manifest.path("competencies").size(),
                row.kind(), skillName(row.id()), row.enabled(), row.ownerId(), json.readTree(row.publicConfig()));
    }

    private Info availableInfo(PluginRepository.AvailableRow available) {
        JsonNode manifest = json.readTree(available.manifest());
        List<String> tags = new ArrayList<>();
        manifest.path("tags").forEach(tag -> tags.add(tag.asString()));
        return new Info(available.id(), manifest.path("name").asString(available.id()),
                manifest.path("version").asString("1.0.0"), manifest.path("description").asString(""),
                manifest.path("author").asString(null), manifest.path("license").asString(null),
                manifest.path("homepage").asString(null), tags, "available", null, manifest.path("tools").size(),
                manifest.path("competencies").size(), manifest.path("config").has("command") ? "mcp_stdio"
                : manifest.path("config").has("url") ? "mcp_http" : "http", skillName(available.id()), false, null,
                secrets.masked(manifest.path("config").isObject() ? manifest.get("config") : json.createObjectNode()));
    }

    private static String status(PluginRepository.PluginRow row, PluginSupervisor.State state) {
        if (!row.enabled()) {
            return "disabled";
        }
        return state.status().equals("unloaded") ? "connecting" : state.status();
    }

    private static String categoryOf(PluginRepository.PluginRow row, String tool) {
        return row.kind().equals("http") ? "custom" : "mcp";
    }
}
