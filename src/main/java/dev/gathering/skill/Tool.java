package dev.gathering.skill;

import java.util.EnumSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tool of a skill.
 *
 * @param name        unique over all skills; what the model calls ({@code [A-Za-z0-9_-]{1,64}})
 * @param description what the model reads to decide when to call it
 * @param inputSchema JSON Schema (draft 2020-12) of the arguments: an object schema
 * @param permissions permissions this tool needs beyond its skill's (e.g. {@code delete} for a file deletion)
 * @param handler     runs it
 */
public record Tool(String name, String description, JsonNode inputSchema, Set<Permission> permissions,
                   ToolHandler handler) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Tool {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("Tool name '" + name + "' must be 1 to 64 letters, digits, '_' or '-'");
        }
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("Tool " + name + " needs a description");
        }
        if (inputSchema == null || !inputSchema.isObject()) {
            throw new IllegalArgumentException("Tool " + name + " needs an object JSON Schema for its input");
        }
        permissions = permissions == null || permissions.isEmpty() ? Set.of() : Set.copyOf(permissions);
    }

    /** A tool whose schema is given as JSON text. */
    public static Tool of(String name, String description, String schemaJson, ToolHandler handler) {
        return new Tool(name, description, JSON.readTree(schemaJson), Set.of(), handler);
    }

    /** A copy that also needs {@code more}. */
    public Tool requiring(Permission first, Permission... more) {
        Set<Permission> all = EnumSet.of(first, more);
        all.addAll(permissions);
        return new Tool(name, description, inputSchema, all, handler);
    }
}
