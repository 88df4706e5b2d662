package dev.gathering.skill;

import tools.jackson.databind.JsonNode;

/**
 * One validated call: the tool's name, its arguments (a JSON object that passed the tool's schema) and its context.
 * The accessors read arguments the schema declared; optional ones fall back to the given default.
 */
public record ToolCall(String tool, JsonNode arguments, ToolContext context) {

    public String text(String name) {
        JsonNode value = arguments.get(name);
        if (value == null || value.isNull()) {
            throw new ToolFailure("'" + name + "' is required");
        }
        return value.isString() ? value.asString() : value.toString();
    }

    public String text(String name, String fallback) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? fallback : value.isString() ? value.asString() : value.toString();
    }

    public int integer(String name, int fallback) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? fallback : value.asInt(fallback);
    }

    public long number(String name, long fallback) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? fallback : value.asLong(fallback);
    }

    public Long optionalLong(String name) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? null : value.asLong();
    }

    public double decimal(String name, double fallback) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? fallback : value.asDouble(fallback);
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? fallback : value.asBoolean(fallback);
    }

    /** The argument as JSON, or null when absent. */
    public JsonNode node(String name) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull() ? null : value;
    }

    public java.util.List<String> texts(String name) {
        JsonNode value = arguments.get(name);
        if (value == null || !value.isArray()) {
            return java.util.List.of();
        }
        java.util.List<String> values = new java.util.ArrayList<>();
        value.forEach(item -> values.add(item.asString()));
        return values;
    }
}
