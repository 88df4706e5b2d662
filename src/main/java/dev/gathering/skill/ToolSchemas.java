package dev.gathering.skill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Compiles tool input schemas (JSON Schema 2020-12, networknt) and describes tools to language models (LangChain4j
 * specifications that carry each property's schema as it is written). A schema may only refer to the JSON Schema
 * meta-schemas: nothing is loaded from a URL or the classpath on a plugin's say-so.
 */
@Component
class ToolSchemas {

    /** Compiled schema of one tool; {@code validator} is null when the schema is empty or could not be compiled. */
    record Compiled(Schema validator, ToolSpecification specification, String problem) {
    }

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012(),
            builder -> builder.schemaLoader(loader -> loader.allow(iri -> {
                String value = iri.toString();
                return value.startsWith("https://json-schema.org/") || value.startsWith("http://json-schema.org/");
            })));

    Compiled compile(Tool tool) {
        JsonNode schema = tool.inputSchema();
        ToolSpecification specification = specification(tool);
        if (schema.isEmpty()) {
            return new Compiled(null, specification, null);
        }
        try {
            Schema compiled = registry.getSchema(schema);
            // the first validation resolves references: a broken schema fails here, not in a chat
            compiled.validate(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
            return new Compiled(compiled, specification, null);
        } catch (RuntimeException e) {
            return new Compiled(null, specification, "schema of tool " + tool.name() + " cannot be used: " + e.getMessage());
        }
    }

    /**
     * Null when valid; otherwise the upstream's sentence: {@code Invalid parameters for tool 'T': reason (at path)},
     * for the first problem found (all of them when several, separated by "; ").
     */
    static String validate(String toolName, Schema validator, JsonNode arguments) {
        if (validator == null) {
            return null;
        }
        List<Error> errors = validator.validate(arguments);
        if (errors.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Error error : errors.subList(0, Math.min(errors.size(), 5))) {
            parts.add(reason(error) + " (at " + path(error) + ")");
        }
        return "Invalid parameters for tool '" + toolName + "': " + String.join("; ", parts);
    }

    private static String reason(Error error) {
        String message = error.getMessage();
        String location = error.getInstanceLocation() == null ? null : error.getInstanceLocation().toString();
        if (message != null && location != null && message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        return message == null ? error.getKeyword() : message;
    }

    /** {@code /address/zip} (or {@code $.address.zip}) → {@code address.zip}; the root → {@code (root)}. */
    private static String path(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        String dotted;
        if (location.startsWith("$")) {
            dotted = location.substring(1);
            dotted = dotted.startsWith(".") ? dotted.substring(1) : dotted;
        } else {
            dotted = String.join(".", java.util.Arrays.stream(location.split("/")).filter(part -> !part.isEmpty())
                    .map(part -> part.replace("~1", "/").replace("~0", "~")).toList());
        }
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            dotted = dotted.isEmpty() ? error.getProperty() : dotted + "." + error.getProperty();
        }
        return dotted.isEmpty() ? "(root)" : dotted;
    }

    /** The tool as a model sees it: each property keeps its own schema, written as given. */
    static ToolSpecification specification(Tool tool) {
        JsonNode schema = tool.inputSchema();
        JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
        JsonNode description = schema.get("description");
        if (description != null && description.isString()) {
            parameters.description(description.asString());
        }
        Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
        JsonNode declared = schema.get("properties");
        if (declared != null && declared.isObject()) {
            for (Map.Entry<String, JsonNode> property : declared.properties()) {
                properties.put(property.getKey(), JsonRawSchema.from(property.getValue().toString()));
            }
        }
        parameters.addProperties(properties);
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            List<String> names = new ArrayList<>();
            required.forEach(name -> names.add(name.asString()));
            parameters.required(names);
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isBoolean()) {
            parameters.additionalProperties(additional.asBoolean());
        }
        for (String key : List.of("$defs", "definitions")) {
            JsonNode definitions = schema.get(key);
            if (definitions != null && definitions.isObject()) {
                Map<String, JsonSchemaElement> defs = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> definition : definitions.properties()) {
                    defs.put(definition.getKey(), JsonRawSchema.from(definition.getValue().toString()));
                }
                parameters.definitions(defs);
            }
        }
        return ToolSpecification.builder().name(tool.name()).description(tool.description()).parameters(parameters.build()).build();
    }
}
