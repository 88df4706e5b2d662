package dev.gathering.plugin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gathering.platform.http.OutboundHttp;
import dev.gathering.platform.http.OutboundHttpException;
import dev.gathering.platform.http.OutboundRequest;
import dev.gathering.platform.http.OutboundResponse;
import dev.gathering.skill.Permission;
import dev.gathering.skill.Skill;
import dev.gathering.skill.SkillInfo;
import dev.gathering.skill.Tool;
import dev.gathering.skill.ToolCall;
import dev.gathering.skill.ToolFailure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The skill of a declared plugin: each tool is an HTTP call, {@code method} to {@code url} where {@code {name}} stands
 * for an argument (URL-encoded); the other arguments go in the query (GET, DELETE, HEAD) or as a JSON body. Run
 * through the SSRF-safe client with the plugin's headers.
 */
final class HttpPluginSkill implements Skill {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    static final int MAX_TEXT = 20_000;

    private final PluginRepository.PluginRow plugin;
    private final List<Tool> tools;

    HttpPluginSkill(PluginRepository.PluginRow plugin, JsonNode manifest, Map<String, String> headers, OutboundHttp http,
                    JsonMapper json) {
        this.plugin = plugin;
        List<Tool> declared = new ArrayList<>();
        for (JsonNode tool : manifest.path("tools")) {
            String method = tool.path("method").asString("GET").toUpperCase(Locale.ROOT);
            String url = tool.path("url").asString();
            Map<String, String> toolHeaders = new LinkedHashMap<>(headers);
            tool.path("headers").properties().forEach(header -> toolHeaders.put(header.getKey(), header.getValue().asString()));
            JsonNode schema = tool.path("parameters").isObject() && !tool.path("parameters").isEmpty()
                    ? tool.get("parameters") : json.createObjectNode().put("type", "object");
            declared.add(new Tool(tool.path("name").asString(), tool.path("description").asString(), schema, Set.of(),
                    call -> send(http, json, method, url, toolHeaders, call)));
        }
        this.tools = List.copyOf(declared);
    }

    private static Object send(OutboundHttp http, JsonMapper json, String method, String template,
                               Map<String, String> headers, ToolCall call) {
        Set<String> used = new HashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            JsonNode value = call.arguments().get(name);
            if (value == null || value.isNull()) {
                throw new ToolFailure("'" + name + "' is required by the URL of this tool");
            }
            used.add(name);
            matcher.appendReplacement(url, Matcher.quoteReplacement(URLEncoder.encode(
                    value.isString() ? value.asString() : value.toString(), StandardCharsets.UTF_8).replace("+", "%20")));
        }
        matcher.appendTail(url);
        ObjectNode rest = json.createObjectNode();
        call.arguments().properties().forEach(entry -> {
            if (!used.contains(entry.getKey())) {
                rest.set(entry.getKey(), entry.getValue());
            }
        });
        boolean query = method.equals("GET") || method.equals("DELETE") || method.equals("HEAD");
        String target = url.toString();
        if (query && !rest.isEmpty()) {
            StringBuilder parameters = new StringBuilder();
            rest.properties().forEach(entry -> parameters.append(parameters.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(entry.getValue().isString() ? entry.getValue().asString()
                            : entry.getValue().toString(), StandardCharsets.UTF_8)));
            target += (target.contains("?") ? "&" : "?") + parameters;
        }
        OutboundRequest request = OutboundRequest.of(method, OutboundHttp.parse(target)).withHeaders(headers)
                .withHeader("Accept", "application/json, text/plain;q=0.9, */*;q=0.5");
        if (!query) {
            request = request.withBody(rest.toString(), "application/json");
        }
        OutboundResponse response;
        try {
            response = http.send(request);
        } catch (OutboundHttpException e) {
            throw new ToolFailure(e.getMessage());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", response.status());
        String text = response.text();
        String type = response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("json") && text.length() <= MAX_TEXT) {
            try {
                result.put("json", json.readTree(text));
                return result;
            } catch (JacksonException notJson) {
                // returned as text
            }
        }
        result.put("body", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text);
        return result;
    }

    @Override
    public SkillInfo info() {
        Set<Permission> permissions = new HashSet<>(PluginService.permissions(plugin.permissions()));
        permissions.add(Permission.NETWORK);
        return new SkillInfo(PluginService.skillName(plugin.id()), plugin.name(), plugin.description(), "plugin",
                plugin.version(), permissions, false);
    }

    @Override
    public List<Tool> tools() {
        return tools;
    }
}
