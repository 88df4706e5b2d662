package dev.gathering.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The operations of the running server's {@code /openapi.json}, as the sweep tests walk them: every route, including
 * those added after the tests were written. Test-only routes ({@code /test/...}) are left out.
 */
public final class OpenApiOperations {

    private OpenApiOperations() {
    }

    public record Parameter(String name, String in, boolean required, JsonNode schema) {
    }

    /** One operation; {@code body} is its JSON body schema (resolved), {@code multipart} whether it takes a form upload. */
    public record Operation(String method, String path, String access, List<Parameter> parameters, JsonNode body,
                            boolean bodyRequired, boolean multipart, JsonNode document) {

        public boolean isPublic() {
            return "public".equals(access);
        }

        public String key() {
            return method + " " + path;
        }

        /** The path with each {@code {name}} replaced by {@code values}' entry (or "1"). */
        public String path(Map<String, String> values) {
            String result = path;
            for (Parameter parameter : parameters) {
                if (parameter.in().equals("path")) {
                    result = result.replace("{" + parameter.name() + "}", values.getOrDefault(parameter.name(), "1"));
                }
            }
            return result;
        }

        public List<Parameter> in(String location) {
            return parameters.stream().filter(parameter -> parameter.in().equals(location)).toList();
        }
    }

    public static JsonNode load(Api api) {
        Api.Response response = api.get("/openapi.json");
        if (response.status() != 200) {
            throw new IllegalStateException("no OpenAPI document: " + response);
        }
        return response.json();
    }

    public static List<Operation> of(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> {
            if (path.getKey().startsWith("/test/")) {
                return;
            }
            path.getValue().properties().forEach(entry -> {
                JsonNode operation = entry.getValue();
                List<Parameter> parameters = new ArrayList<>();
                operation.path("parameters").forEach(parameter -> parameters.add(new Parameter(
                        parameter.get("name").asString(), parameter.get("in").asString(),
                        parameter.path("required").asBoolean(false), resolve(document, parameter.path("schema")))));
                JsonNode content = operation.path("requestBody").path("content");
                JsonNode body = content.has("application/json")
                        ? resolve(document, content.get("application/json").path("schema")) : null;
                operations.add(new Operation(entry.getKey().toUpperCase(), path.getKey(),
                        operation.path("x-access").asString("viewer"), parameters, body,
                        operation.path("requestBody").path("required").asBoolean(false),
                        content.has("multipart/form-data"), document));
            });
        });
        return operations;
    }

    /** Follows {@code $ref}s (and a nullable {@code anyOf: [ref, null]}) to the schema itself. */
    public static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 10 && current != null; i++) {
            if (current.has("$ref")) {
                String name = current.get("$ref").asString().substring("#/components/schemas/".length());
                current = document.get("components").get("schemas").get(name);
            } else if (current.has("anyOf")) {
                JsonNode first = null;
                for (JsonNode option : current.get("anyOf")) {
                    if (!"null".equals(option.path("type").asString(""))) {
                        first = option;
                    }
                }
                current = first;
            } else {
                return current;
            }
        }
        return current;
    }

    /** The schema's JSON type, ignoring "null" in a type list; "object" when none is given. */
    public static String type(JsonNode schema) {
        if (schema == null) {
            return "any";
        }
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode each : type) {
                if (!"null".equals(each.asString())) {
                    return each.asString();
                }
            }
            return "null";
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : "any";
    }
}
