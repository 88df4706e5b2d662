package dev.gathering.skill.builtin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP requests for agents, through the SSRF-safe client: internal addresses are refused (also after redirects),
 * 30 s, 10 MB and 5 redirects at most. The model reads at most {@value #MAX_TEXT} characters of a body.
 */
@Component
class HttpSkill implements Skill {

    static final int MAX_TEXT = 20_000;
    private static final String REQUEST_PROPERTIES = """
            "url": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "absolute http(s) URL"},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}, "description": "request headers"},
            "params": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]},
                       "description": "query parameters added to the URL"},
            "timeout": {"type": "number", "exclusiveMinimum": 0, "maximum": 30, "description": "seconds (at most 30)"}""";
    private static final String BODY_PROPERTIES = """
            ,"body": {"type": "string", "maxLength": 1000000, "description": "raw body"},
            "json": {"description": "a JSON body (sent with Content-Type: application/json)"}""";

    private final OutboundHttp http;
    private final JsonMapper json;

    HttpSkill(OutboundHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public SkillInfo info() {
        return SkillInfo.of("http", "HTTP",
                "Calls web APIs (GET, POST, PUT, DELETE), parses JSON and builds URLs; internal network addresses are refused",
                "network", Permission.NETWORK);
    }

    @Override
    public List<Tool> tools() {
        return List.of(
                Tool.of("http_get", "Sends a GET request and returns status, headers and body", schema(false, false),
                        call -> send("GET", call)),
                Tool.of("http_post", "Sends a POST request with a raw or JSON body", schema(true, false),
                        call -> send("POST", call)),
                Tool.of("http_put", "Sends a PUT request with a raw or JSON body", schema(true, false),
                        call -> send("PUT", call)),
                Tool.of("http_delete", "Sends a DELETE request", schema(false, false), call -> send("DELETE", call)),
                Tool.of("http_request", "Sends a request with any method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS)",
                        schema(true, true), call -> send(call.text("method").toUpperCase(Locale.ROOT), call)),
                Tool.of("parse_json", "Parses JSON text and optionally picks a value by a dotted path such as 'items.0.name'", """
                        {"type": "object",
                         "properties": {"text": {"type": "string", "maxLength": 1000000},
                                        "path": {"type": "string", "maxLength": 500}},
                         "required": ["text"], "additionalProperties": false}""", this::parseJson),
                Tool.of("build_url", "Builds a URL from a base, an optional path and query parameters (encoded)", """
                        {"type": "object",
                         "properties": {"base": {"type": "string", "minLength": 1, "maxLength": 4000},
                                        "path": {"type": "string", "maxLength": 4000},
                                        "params": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}},
                         "required": ["base"], "additionalProperties": false}""", this::buildUrl));
    }

    private static String schema(boolean body, boolean method) {
        return "{\"type\": \"object\", \"properties\": {" + REQUEST_PROPERTIES + (body ? BODY_PROPERTIES : "")
                + (method ? ",\"method\": {\"type\": \"string\", \"enum\": [\"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\", \"HEAD\", \"OPTIONS\", \"get\", \"post\", \"put\", \"patch\", \"delete\", \"head\", \"options\"]}" : "")
                + "}, \"required\": [\"url\"" + (method ? ", \"method\"" : "") + "], \"additionalProperties\": false}";
    }

    private Object send(String method, ToolCall call) {
        URI uri = withParams(call.text("url"), call.node("params"));
        OutboundRequest request = OutboundRequest.of(method, uri).withHeaders(headers(call.node("headers")))
                .withTimeout(Duration.ofMillis((long) (call.decimal("timeout", 30) * 1000)));
        JsonNode jsonBody = call.node("json");
        String rawBody = call.text("body", null);
        if (jsonBody != null) {
            request = request.withBody(jsonBody.toString(), "application/json");
        } else if (rawBody != null) {
            String type = request.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                    .map(Map.Entry::getValue).findFirst().orElse("text/plain; charset=utf-8");
            request = request.withBody(rawBody, type);
        }
        OutboundResponse response;
        try {
            response = http.send(request);
        } catch (OutboundHttpException e) {
            throw new ToolFailure(e.getMessage());
        }
        return describe(response, json);
    }

    /** What the model reads of a response. */
    static Map<String, Object> describe(OutboundResponse response, JsonMapper json) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", response.status());
        result.put("url", response.uri().toString());
        if (response.redirects() > 0) {
            result.put("redirects", response.redirects());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : List.of("content-type", "content-length", "location", "etag", "last-modified", "retry-after")) {
            String value = response.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        result.put("headers", headers);
        String text = response.text();
        String type = response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
        if (type.contains("json") && text.length() <= MAX_TEXT) {
            try {
                result.put("json", json.readTree(text));
                return result;
            } catch (JacksonException notJson) {
                // shown as text below
            }
        }
        boolean truncated = text.length() > MAX_TEXT;
        result.put("body", truncated ? text.substring(0, MAX_TEXT) : text);
        if (truncated) {
            result.put("truncated", true);
            result.put("body_length", text.length());
        }
        return result;
    }

    private Object parseJson(ToolCall call) {
        JsonNode node;
        try {
            node = json.readTree(call.text("text"));
        } catch (JacksonException e) {
            throw new ToolFailure("The text is not valid JSON: " + e.getOriginalMessage());
        }
        String path = call.text("path", null);
        if (path != null && !path.isBlank()) {
            for (String part : path.split("\\.")) {
                node = node.isArray() && part.matches("\\d+") ? node.path(Integer.parseInt(part)) : node.path(part);
                if (node.isMissingNode()) {
                    throw new ToolFailure("Nothing at '" + path + "' (no '" + part + "')");
                }
            }
        }
        return Map.of("value", node);
    }

    private Object buildUrl(ToolCall call) {
        String base = call.text("base");
        String path = call.text("path", "");
        String joined = base;
        if (!path.isEmpty()) {
            joined = base.replaceAll("/+$", "") + "/" + path.replaceAll("^/+", "");
        }
        return Map.of("url", withParams(joined, call.node("params")).toString());
    }

    static URI withParams(String url, JsonNode params) {
        URI uri = OutboundHttp.parse(url);
        if (params == null || params.isEmpty()) {
            return uri;
        }
        StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        for (Map.Entry<String, JsonNode> param : params.properties()) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(param.getValue().isString() ? param.getValue().asString()
                            : param.getValue().toString(), StandardCharsets.UTF_8));
        }
        String text = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + "?" + query + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        return OutboundHttp.parse(text);
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node != null) {
            for (Map.Entry<String, JsonNode> header : node.properties()) {
                headers.put(header.getKey(), header.getValue().asString());
            }
        }
        return headers;
    }
}
